from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_moderator_sessions_ended')]

    initial = False

    operations = [
        ops.CreateModel(
            name='GramCount',
            fields=[
                ('key', fields.IntField(primary_key=True, generated=False, unique=True, db_index=True)),
                ('listings', fields.IntField(default=0)),
            ],
            options={'table': 'listing_gram_counts', 'app': 'models', 'pk_attr': 'key', 'table_description': 'How many published listings have a gram: what tells a rare gram from a common one.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ListingGram',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.IntField()),
                ('listing', fields.ForeignKeyField('models.Listing', source_field='listing_id', db_index=True, db_constraint=True, to_field='id', related_name='grams', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'listing_grams', 'app': 'models', 'indexes': [Index(fields=['key', 'listing_id'])], 'pk_attr': 'id', 'table_description': 'One posting of the matching index: a published listing has this gram (core/domain/matching.index_key).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NoticeQuota',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notice_quotas', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('sent', fields.IntField(default=0)),
            ],
            options={'table': 'notice_quotas', 'app': 'models', 'unique_together': (('user', 'day'),), 'pk_attr': 'id', 'table_description': 'How many matching notices a user got on one (UTC) day, capped at MATCH_NOTICES_PER_DAY.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Listing',
            name='announced_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
