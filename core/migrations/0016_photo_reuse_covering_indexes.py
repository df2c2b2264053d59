from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# Dropping the chunks' own indexes rebuilds the table on SQLite, which loses its other indexes;
# PostgreSQL keeps this one (IF NOT EXISTS). Same name as migration 0010 gave it.
LISTING_INDEX = (
    'CREATE INDEX IF NOT EXISTS "idx_photo_hashe_listing_62e9c4" ON "photo_hashes" ("listing_id", "crop_percent")'
)


async def restore_listing_index(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(LISTING_INDEX)


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0015_deposit_by')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='PhotoHash',
            name='chunk0',
            field=fields.IntField(),
        ),
        ops.AlterField(
            model_name='PhotoHash',
            name='chunk1',
            field=fields.IntField(),
        ),
        ops.AlterField(
            model_name='PhotoHash',
            name='chunk2',
            field=fields.IntField(),
        ),
        ops.RunPython(restore_listing_index, nothing),
        ops.AddIndex(
            model_name='PhotoHash',
            index=Index(fields=['chunk0', 'listing_id', 'buyer_id', 'hash']),
        ),
        ops.AddIndex(
            model_name='PhotoHash',
            index=Index(fields=['chunk1', 'listing_id', 'buyer_id', 'hash']),
        ),
        ops.AddIndex(
            model_name='PhotoHash',
            index=Index(fields=['chunk2', 'listing_id', 'buyer_id', 'hash']),
        ),
    ]
