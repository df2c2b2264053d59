from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_admin_web')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='AuditEntry',
            name='moderator',
            field=fields.ForeignKeyField('models.Moderator', source_field='moderator_id', null=True, db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.RESTRICT),
        ),
        # On SQLite the AlterField above rebuilds the table, and Tortoise 1.1 does not recreate its indexes;
        # on PostgreSQL they were never dropped and this does nothing.
        ops.RunSQL([
            'CREATE INDEX IF NOT EXISTS "idx_audit_entri_target__06029d" ON "audit_entries" ("target_kind", "target_id")',
            'CREATE INDEX IF NOT EXISTS "idx_audit_entri_action_7b2c7c" ON "audit_entries" ("action")',
        ]),
        ops.AddField(
            model_name='Moderator',
            name='last_login_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
