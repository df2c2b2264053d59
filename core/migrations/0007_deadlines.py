from tortoise import migrations
from tortoise.migrations import operations as ops
from core.domain.deadlines import Deadline
from core.domain.purchase_requests import OfferStatus
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_admin_list_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ScheduledJob',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=48)),
                ('key', fields.CharField(max_length=64)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('last_error', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'scheduled_jobs', 'app': 'models', 'unique_together': (('kind', 'key'),), 'indexes': [Index(fields=['done_at', 'due_at'])], 'pk_attr': 'id', 'table_description': 'Something to do at `due_at`, once: a `kind` the scheduler knows and the `key` of what it concerns.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Offer',
            name='status',
            field=fields.CharEnumField(default=OfferStatus.PENDING, description='PENDING: pending\nACCEPTED: accepted\nDECLINED: declined\nWITHDRAWN: withdrawn\nEXPIRED: expired', enum_type=OfferStatus, max_length=16),
        ),
        ops.AddField(
            model_name='Offer',
            name='expires_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Order',
            name='balance_by',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Order',
            name='confirm_by',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Order',
            name='missed_deadline',
            field=fields.CharEnumField(null=True, description='PURCHASE_BY: purchase_by\nBALANCE_BY: balance_by\nSHIP_BY: ship_by\nCONFIRM_BY: confirm_by', enum_type=Deadline, max_length=16),
        ),
        ops.AddField(
            model_name='Order',
            name='purchase_by',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
