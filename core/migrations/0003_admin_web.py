from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.domain.moderators import ModeratorRole
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_fake_reports')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginFailure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(max_length=64)),
                ('client_ip', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_failures', 'app': 'models', 'indexes': [Index(fields=['username', 'client_ip', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One wrong password for a username from one address, kept to slow down guessing.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Moderator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('password_hash', fields.CharField(max_length=255)),
                ('role', fields.CharEnumField(default=ModeratorRole.MODERATOR, description='MODERATOR: moderator\nADMIN: admin', enum_type=ModeratorRole, max_length=16)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'moderators', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A person who signs in to the admin web.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('moderator', fields.ForeignKeyField('models.Moderator', source_field='moderator_id', db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.RESTRICT)),
                ('action', fields.CharField(max_length=48)),
                ('target_kind', fields.CharField(max_length=16)),
                ('target_id', fields.CharField(max_length=64)),
                ('reason', fields.TextField(default='', unique=False)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_entries', 'app': 'models', 'indexes': [Index(fields=['target_kind', 'target_id']), Index(fields=['action'])], 'pk_attr': 'id', 'table_description': 'One moderator action: who did what to which thing, why and when. Never changed or deleted.'},
            bases=['ImmutableRecord'],
        ),
        ops.CreateModel(
            name='ModeratorSession',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('moderator', fields.ForeignKeyField('models.Moderator', source_field='moderator_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('language', fields.CharField(null=True, max_length=8)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'moderator_sessions', 'app': 'models', 'pk_attr': 'id', 'table_description': "A signed-in browser. The id is a hash of the cookie's token, so a database leak opens no session."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(max_length=64)),
                ('params', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notifications', 'app': 'models', 'indexes': [Index(fields=['sent_at', 'id'])], 'pk_attr': 'id', 'table_description': "A message waiting for the bot to deliver it: a stable `key` and its `params`, rendered in the user's language."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlatformSetting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('value', fields.CharField(max_length=255)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'platform_settings', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A value an admin changes at run time (fees), overriding the setting from the environment.'},
            bases=['Model'],
        ),
    ]
