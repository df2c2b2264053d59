from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_moderator_accounts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PhotoHash',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('listing', fields.ForeignKeyField('models.Listing', source_field='listing_id', db_constraint=True, to_field='id', related_name='photo_hashes', on_delete=OnDelete.CASCADE)),
                ('buyer', fields.ForeignKeyField('models.User', source_field='buyer_id', db_constraint=True, to_field='id', related_name='photo_hashes', on_delete=OnDelete.CASCADE)),
                ('file_id', fields.CharField(max_length=255)),
                ('crop_percent', fields.SmallIntField()),
                ('hash', fields.BigIntField()),
                ('chunk0', fields.IntField(db_index=True)),
                ('chunk1', fields.IntField(db_index=True)),
                ('chunk2', fields.IntField(db_index=True)),
                ('chunk3', fields.IntField(db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'photo_hashes', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A perceptual hash of a listing photo (or of a centred crop of it), for finding reused photos.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WatchedBrand',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=64)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('added_by', fields.CharField(default='', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'watched_brands', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A brand often counterfeited: its listings get more scrutiny. `key` is the name as brands compare.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Listing',
            name='risk_reasons',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Listing',
            name='risk_score',
            field=fields.IntField(null=True),
        ),
    ]
