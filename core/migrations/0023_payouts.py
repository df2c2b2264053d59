from core import clock
from tortoise import migrations
from tortoise.migrations import operations as ops
from core.domain.ledger import Purpose
from core.domain.payouts import PayoutKind, PayoutMethodKind, PayoutStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

# Refunds owed before this release: each customer's refunds balance, per currency, becomes one refund waiting in
# the moderators' queue, so money owed from before reaches its customer like money owed from now on.
_OWED = 'SELECT "owner_id", "currency", "balance" FROM "ledger_accounts" WHERE "purpose" = \'refunds\' AND "balance" > 0'
_PAYOUT = (
    'INSERT INTO "payouts" ("kind", "status", "user_id", "amount", "currency", "details", "reference", "reason", '
    '"created_at") VALUES '
)


async def queue_refunds_owed(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    _, rows = await client.execute_query(_OWED)
    insert = _PAYOUT + ("('refund', 'requested', $1, $2, $3, '', '', '', $4)" if postgres else "('refund', 'requested', ?, ?, ?, '', '', '', ?)")
    for row in rows:
        await client.execute_query(insert, [row["owner_id"], row["balance"], row["currency"], clock.now()])


async def nothing(apps, schema_editor) -> None:
    pass


class AlterFieldDescription(ops.AlterField):
    """Only the field's description changed (the enum gained a member): the column stays as it is. A plain
    AlterField rebuilds the table on SQLite and Tortoise 1.1 does not recreate its unique constraint, which the
    ledger's accounts need (one account per owner, purpose and currency)."""

    async def database_forward(self, *args: object, **kwargs: object) -> None:
        pass

    async def database_backward(self, *args: object, **kwargs: object) -> None:
        pass


class Migration(migrations.Migration):
    dependencies = [('models', '0022_shipping_addresses')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Payout',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='EARNINGS: earnings\nREFUND: refund', enum_type=PayoutKind, max_length=16)),
                ('status', fields.CharEnumField(default=PayoutStatus.REQUESTED, description='REQUESTED: requested\nPAID: paid\nREFUSED: refused', enum_type=PayoutStatus, max_length=16)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='payouts', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('request_key', fields.CharField(null=True, unique=True, max_length=64)),
                ('method_kind', fields.CharEnumField(null=True, description='BANK: bank\nALIPAY: alipay\nWECHAT: wechat\nPAYPAL: paypal\nWISE: wise\nOTHER: other', enum_type=PayoutMethodKind, max_length=16)),
                ('details', fields.TextField(default='', unique=False)),
                ('details_purged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('source', fields.ForeignKeyField('models.Transfer', source_field='source_id', null=True, unique=True, db_constraint=True, to_field='id', related_name='payouts', on_delete=OnDelete.RESTRICT)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='payouts', on_delete=OnDelete.RESTRICT)),
                ('reference', fields.CharField(default='', max_length=200)),
                ('reason', fields.TextField(default='', unique=False)),
                ('decided_by', fields.ForeignKeyField('models.Moderator', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='payouts', on_delete=OnDelete.RESTRICT)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payouts', 'app': 'models', 'indexes': [Index(fields=['status', 'id']), Index(fields=['user_id', 'kind'])], 'pk_attr': 'id', 'table_description': "Money a moderator pays out by hand: a buyer's requested earnings, or a refund owed to a customer."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PayoutMethod',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='payout_methods', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='BANK: bank\nALIPAY: alipay\nWECHAT: wechat\nPAYPAL: paypal\nWISE: wise\nOTHER: other', enum_type=PayoutMethodKind, max_length=16)),
                ('details', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'payout_methods', 'app': 'models', 'indexes': [Index(fields=['user_id'])], 'pk_attr': 'id', 'table_description': 'Where a buyer wants to be paid: a kind and its details, sealed (core/sealing.py) until the buyer deletes it.'},
            bases=['Model'],
        ),
        AlterFieldDescription(
            model_name='Account',
            name='purpose',
            field=fields.CharEnumField(description='CLEARING: clearing\nESCROW: escrow\nEARNINGS: earnings\nREFUNDS: refunds\nFEES: fees\nBOND: bond\nPENDING_PAYOUT: pending_payout', enum_type=Purpose, max_length=16),
        ),
        ops.RunPython(queue_refunds_owed, nothing),
    ]
