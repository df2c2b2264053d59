from datetime import datetime, timedelta

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from core import clock
from core.config import current_settings

# Applications decided before this release: their decision is when `decided_at` says (for a buyer suspended or
# banned since, the latest decision, so a document is kept longer rather than shorter), and their identity
# documents get the purge job a decision plans now (core/services/people/id_documents.py). Those decided more
# than ID_DOCUMENT_RETENTION_DAYS ago fall due at once and go at the scheduler's first round.
_DECIDED = "\"status\" <> 'applied'"
_JOB = 'INSERT INTO "scheduled_jobs" ("kind", "key", "due_at", "attempts", "last_error", "created_at") VALUES '


def _moment(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


async def plan_purges_of_decided_applications(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    await client.execute_query(
        f'UPDATE "buyer_profiles" SET "reviewed_at" = COALESCE("decided_at", "applied_at") WHERE {_DECIDED}'
    )
    _, rows = await client.execute_query(
        'SELECT "user_id", "reviewed_at" FROM "buyer_profiles" '
        f"WHERE {_DECIDED} AND \"id_document_file_id\" <> ''"
    )
    now = clock.now()
    keep = timedelta(days=current_settings().id_document_retention_days)
    insert = _JOB + ("($1, $2, $3, 0, '', $4)" if postgres else "(?, ?, ?, 0, '', ?)")
    for row in rows:
        reviewed_at = _moment(row["reviewed_at"])
        await client.execute_query(
            insert, ["buyer.id_document_purge", str(row["user_id"]), reviewed_at + keep, now]
        )


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0018_listing_screening')]

    initial = False

    operations = [
        ops.AddField(
            model_name='BuyerProfile',
            name='id_document_purged_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='BuyerProfile',
            name='reviewed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.RunPython(plan_purges_of_decided_applications, nothing),
    ]
