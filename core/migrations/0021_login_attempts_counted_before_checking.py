from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# Sign-in attempts are counted on one row per (username, address) before the password is checked, instead of one
# row per failure written after it. Failures recorded before are dropped: a pair being slowed down starts afresh.

class Migration(migrations.Migration):
    dependencies = [('models', '0020_offer_item_name')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(max_length=64)),
                ('client_ip', fields.CharField(max_length=64)),
                ('attempts', fields.IntField(default=0)),
                ('last_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_throttles', 'app': 'models', 'unique_together': (('username', 'client_ip'),), 'pk_attr': 'id', 'table_description': 'Sign-in attempts for a username from one address since its last success, to slow down guessing.'},
            bases=['Model'],
        ),
        ops.DeleteModel(name='LoginFailure'),
    ]
