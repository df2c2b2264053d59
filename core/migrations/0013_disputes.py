from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.domain.carriers import TrackingStatus
from core.domain.disputes import DisputeStatus, ProposalStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0012_matching')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Dispute',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.OneToOneField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='dispute', on_delete=OnDelete.RESTRICT)),
                ('reason', fields.TextField(unique=False)),
                ('evidence', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('answer', fields.TextField(null=True, unique=False)),
                ('answer_photos', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=DisputeStatus.OPEN, description='OPEN: open\nESCALATED: escalated\nSETTLED: settled\nDECIDED: decided', enum_type=DisputeStatus, max_length=16)),
                ('escalates_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('escalated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'disputes', 'app': 'models', 'indexes': [Index(fields=['status', 'escalates_at'])], 'pk_attr': 'id', 'table_description': 'A complaint by the customer about an order, the answer of the buyer, and how it ended.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RefundProposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('dispute', fields.ForeignKeyField('models.Dispute', source_field='dispute_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.CASCADE)),
                ('proposer', fields.ForeignKeyField('models.User', source_field='proposer_id', db_constraint=True, to_field='id', related_name='refund_proposals', on_delete=OnDelete.RESTRICT)),
                ('refund', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('status', fields.CharEnumField(default=ProposalStatus.PENDING, description='PENDING: pending\nACCEPTED: accepted\nDECLINED: declined\nSUPERSEDED: superseded\nEXPIRED: expired', enum_type=ProposalStatus, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'refund_proposals', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One side offers a refund to the customer and the rest to the buyer, and the other side answers.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TrackingUpdate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='tracking_updates', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(description='IN_TRANSIT: in_transit\nCUSTOMS: customs\nDELIVERED: delivered', enum_type=TrackingStatus, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'tracking_updates', 'app': 'models', 'indexes': [Index(fields=['order_id', 'status'])], 'pk_attr': 'id', 'table_description': 'Where a shipped parcel is, as the buyer (or the system, on delivery) reported it.'},
            bases=['Model'],
        ),
    ]
