from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from core.domain.purchase_proof import new_proof_code

# Orders still to be bought get their purchase-proof code now; the others are past the receipt.
_TO_BE_BOUGHT = ("awaiting_deposit", "deposit_paid")


async def give_open_orders_a_code(apps, schema_editor) -> None:
    client = schema_editor.client
    update = (
        'UPDATE "orders" SET "proof_code" = $1 WHERE "id" = $2'
        if client.capabilities.dialect == "postgres"
        else 'UPDATE "orders" SET "proof_code" = ? WHERE "id" = ?'
    )
    states = ", ".join(f"'{state}'" for state in _TO_BE_BOUGHT)
    _, rows = await client.execute_query(f'SELECT "id" FROM "orders" WHERE "state" IN ({states})')
    for row in rows:
        await client.execute_query(update, [new_proof_code(), row["id"]])


# Photo hashes move from four 16-bit chunks to three of 22, 21 and 21 bits (core.domain.photo_hash): the
# same bits of the signed hash, masked after an arithmetic shift, on SQLite and PostgreSQL alike.
RECHUNK = (
    'UPDATE "photo_hashes" SET "chunk0" = ("hash" >> 42) & 4194303, '
    '"chunk1" = ("hash" >> 21) & 2097151, "chunk2" = "hash" & 2097151'
)


# SQLite drops a table's indexes when RemoveField rebuilds it; PostgreSQL keeps them (IF NOT EXISTS).
CHUNK_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_photo_hashe_chunk0_8f6511" ON "photo_hashes" ("chunk0")',
    'CREATE INDEX IF NOT EXISTS "idx_photo_hashe_chunk1_f5244c" ON "photo_hashes" ("chunk1")',
    'CREATE INDEX IF NOT EXISTS "idx_photo_hashe_chunk2_1e3218" ON "photo_hashes" ("chunk2")',
)


async def rechunk_photo_hashes(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(RECHUNK)
    for statement in CHUNK_INDEXES:
        await schema_editor.client.execute_script(statement)


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0009_relay_chat')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Order',
            name='proof_code',
            field=fields.CharField(null=True, max_length=8),
        ),
        ops.RunPython(give_open_orders_a_code, nothing),
        ops.AddField(
            model_name='WatchedBrand',
            name='note',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.RemoveField(model_name='PhotoHash', name='chunk3'),
        ops.RunPython(rechunk_photo_hashes, nothing),
        ops.AddIndex(
            model_name='PhotoHash',
            index=Index(fields=['listing_id', 'crop_percent']),
        ),
    ]
