from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.domain.invoices import PaymentPurpose
from json import dumps, loads
from tortoise import fields
from tortoise.indexes import Index

from core.migration_operations import AlterComment

class Migration(migrations.Migration):
    dependencies = [('models', '0016_photo_reuse_covering_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ReceivedPayment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('telegram_payment_charge_id', fields.CharField(unique=True, max_length=255)),
                ('provider_payment_charge_id', fields.CharField(default='', max_length=255)),
                ('payer_telegram_id', fields.BigIntField()),
                ('payer_first_name', fields.CharField(default='', max_length=64)),
                ('payer_language', fields.CharField(default='', max_length=16)),
                ('invoice_payload', fields.CharField(max_length=128)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('as_sent', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('recorded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('payment_id', fields.IntField(null=True)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.CharField(default='', max_length=255)),
            ],
            options={'table': 'payment_inbox', 'app': 'models', 'indexes': [Index(fields=['recorded_at', 'received_at'])], 'pk_attr': 'id', 'table_description': 'A charge the provider made, kept as it arrived before anything else may fail or drop it.'},
            bases=['Model'],
        ),
        AlterComment(
            model_name='Payment',
            name='purpose',
            field=fields.CharEnumField(description='DEPOSIT: deposit\nBALANCE: balance\nBOND: bond\nUNMATCHED: unmatched', enum_type=PaymentPurpose, max_length=16),
        ),
    ]
