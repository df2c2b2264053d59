from tortoise import migrations
from tortoise.migrations import operations as ops
import datetime
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0013_disputes')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Notification',
            name=None,
            fields=['sent_at', 'id'],
        ),
        ops.AddField(
            model_name='Notification',
            name='attempts',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Notification',
            name='available_at',
            field=fields.DatetimeField(db_default=datetime.datetime.fromisoformat('2000-01-01T00:00:00+00:00'), auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Notification',
            name='claimed_by',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Notification',
            name='error',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='Notification',
            name='priority',
            field=fields.SmallIntField(default=0, db_default=0),
        ),
        ops.AddIndex(
            model_name='Notification',
            index=Index(fields=['sent_at', 'priority', 'id']),
        ),
    ]
