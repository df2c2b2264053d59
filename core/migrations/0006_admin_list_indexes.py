from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# PostgreSQL only: trigram indexes let the moderators' listing search (`title__icontains`, `brand__icontains`,
# which Tortoise writes as UPPER(CAST(col AS VARCHAR)) LIKE UPPER(...)) find a rare word without reading every
# row. The indexed expression must stay the one Tortoise writes, or PostgreSQL falls back to a full scan.
# SQLite scans; at 100,000 listings that stays within the admin pages' 100 ms (docs/benchmarks.md).
TRIGRAM_INDEXES = (
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    'CREATE INDEX IF NOT EXISTS "listings_title_trgm" ON "listings" USING gin (UPPER(CAST("title" AS VARCHAR)) gin_trgm_ops)',
    'CREATE INDEX IF NOT EXISTS "listings_brand_trgm" ON "listings" USING gin (UPPER(CAST("brand" AS VARCHAR)) gin_trgm_ops)',
)


async def add_trigram_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        for statement in TRIGRAM_INDEXES:
            await schema_editor.client.execute_script(statement)


async def drop_trigram_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script('DROP INDEX IF EXISTS "listings_title_trgm", "listings_brand_trgm"')


class Migration(migrations.Migration):
    dependencies = [('models', '0005_risk_engine')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Listing',
            index=Index(fields=['status', 'id']),
        ),
        ops.AddIndex(
            model_name='Listing',
            index=Index(fields=['buyer_id', 'status']),
        ),
        ops.AddIndex(
            model_name='ListingPhoto',
            index=Index(fields=['listing_id', 'position']),
        ),
        ops.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
