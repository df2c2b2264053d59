from tortoise import fields, migrations
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


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0006_admin_list_indexes')]

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
    ]
