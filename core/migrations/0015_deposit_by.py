from datetime import timedelta

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from core import clock
from core.migration_operations import AlterComment
from core.config import current_settings
from core.domain.deadlines import Deadline, reminder_times

# Orders already waiting for a deposit get the deadline a new order gets, counted from now, with its job
# and reminders as core/services/deadlines.py plans them: without one they would hold stock forever.
_UNPAID = "\"state\" = 'awaiting_deposit'"
_JOB = 'INSERT INTO "scheduled_jobs" ("kind", "key", "due_at", "attempts", "last_error", "created_at") VALUES '


async def give_unpaid_orders_a_deposit_deadline(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    settings = current_settings()
    now = clock.now()
    due = now + timedelta(hours=settings.deposit_hours)
    _, rows = await client.execute_query(f'SELECT "id" FROM "orders" WHERE {_UNPAID}')
    if not rows:
        return
    await client.execute_query(f'UPDATE "orders" SET "deposit_by" = {"$1" if postgres else "?"} WHERE {_UNPAID}', [due])
    insert = _JOB + ("($1, $2, $3, 0, '', $4)" if postgres else "(?, ?, ?, 0, '', ?)")
    for row in rows:
        await client.execute_query(insert, ["order.deadline", str(row["id"]), due, now])
        for hours, at in reminder_times(due, now, settings.reminder_hours):
            await client.execute_query(insert, ["order.reminder", f"{row['id']}:{hours}", at, now])


async def nothing(apps, schema_editor) -> None:
    pass


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
        ops.RunPython(give_unpaid_orders_a_deposit_deadline, nothing),
    ]
