from tortoise import migrations
from tortoise.migrations import operations as ops

from core.domain.matching import listing_keys

# Customer search reads keys the index did not have before (a listing's title in every country, its description):
# every published listing is indexed anew, and the counts of every key recounted from the postings.
_PUBLISHED = "\"status\" IN ('active', 'sold_out')"
_BATCH = 1000


async def index_published_listings_for_search(apps, schema_editor) -> None:
    client = schema_editor.client
    mark = "$1, $2" if client.capabilities.dialect == "postgres" else "?, ?"
    await client.execute_script("DELETE FROM listing_grams")
    _, rows = await client.execute_query(
        f'SELECT "id", "country", "title", "brand", "description" FROM "listings" WHERE {_PUBLISHED} ORDER BY "id"'
    )
    postings = [
        [key, row["id"]]
        for row in rows
        for key in sorted(listing_keys(row["country"], row["title"], row["brand"], row["description"]))
    ]
    for first in range(0, len(postings), _BATCH):
        await client.execute_many(
            f'INSERT INTO "listing_grams" ("key", "listing_id") VALUES ({mark})', postings[first : first + _BATCH]
        )
    await client.execute_script("DELETE FROM listing_gram_counts")
    await client.execute_script(
        'INSERT INTO "listing_gram_counts" ("key", "listings") SELECT "key", COUNT(*) FROM "listing_grams" GROUP BY "key"'
    )


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0024_brands')]

    initial = False

    operations = [
        ops.RunPython(index_published_listings_for_search, nothing),
    ]
