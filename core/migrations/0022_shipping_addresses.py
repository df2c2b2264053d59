from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0021_login_attempts_counted_before_checking')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SavedAddress',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='saved_addresses', on_delete=OnDelete.CASCADE)),
                ('country', fields.CharField(max_length=2)),
                ('sealed', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'saved_addresses', 'app': 'models', 'indexes': [Index(fields=['user_id', 'id'])], 'pk_attr': 'id', 'table_description': "A customer's saved shipping address, sealed (core/services/people/addresses.py says how and why)."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Order',
            name='ship_to',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Order',
            name='ship_to_purged_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='PurchaseRequest',
            name='ship_to_country',
            field=fields.CharField(null=True, max_length=2),
        ),
    ]
