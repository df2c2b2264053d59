from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from core.domain.deadlines import Deadline


class AlterComment(ops.AlterField):
    """A change of the column's comment only (here: the enum's values it lists). PostgreSQL comments the
    column; SQLite would rebuild the whole table for it, dropping its indexes and offer_id's UNIQUE."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect != "sqlite":
            await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if state_editor is not None and state_editor.client.capabilities.dialect != "sqlite":
            await super().database_backward(app_label, old_state, new_state, state_editor)


class Migration(migrations.Migration):
    dependencies = [('models', '0014_outbox')]

    initial = False

    operations = [
        AlterComment(
            model_name='Order',
            name='missed_deadline',
            field=fields.CharEnumField(null=True, description='DEPOSIT_BY: deposit_by\nPURCHASE_BY: purchase_by\nBALANCE_BY: balance_by\nSHIP_BY: ship_by\nCONFIRM_BY: confirm_by', enum_type=Deadline, max_length=16),
        ),
        ops.AddField(
            model_name='Order',
            name='deposit_by',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
