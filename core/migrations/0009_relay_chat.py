from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.domain.order_machine import Actor
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_lookup_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ChatMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='chat_messages', on_delete=OnDelete.CASCADE)),
                ('sender', fields.ForeignKeyField('models.User', source_field='sender_id', db_constraint=True, to_field='id', related_name='chat_messages', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='CUSTOMER: customer\nBUYER: buyer\nMODERATOR: moderator\nSYSTEM: system', enum_type=Actor, max_length=16)),
                ('text', fields.TextField(default='', unique=False)),
                ('photo_file_id', fields.CharField(null=True, max_length=255)),
                ('masked', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('contact_attempts', fields.SmallIntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'chat_messages', 'app': 'models', 'indexes': [Index(fields=['order_id', 'id']), Index(fields=['sender_id', 'contact_attempts'])], 'pk_attr': 'id', 'table_description': "One message of an order's relay chat, as the other side received it: contacts already masked."},
            bases=['Model'],
        ),
    ]
