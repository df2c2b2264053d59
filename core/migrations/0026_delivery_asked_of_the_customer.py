from tortoise import migrations
from tortoise.migrations import operations as ops
from core.domain.order_machine import Action
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0025_search_index')]

    initial = False

    # Order events may now say the buyer asked the customer whether the parcel arrived, and the customer's "not yet".
    operations = [
        ops.AlterField(
            model_name='OrderEvent',
            name='action',
            field=fields.CharEnumField(description='PAY_DEPOSIT: pay_deposit\nUPLOAD_RECEIPT: upload_receipt\nREQUEST_BALANCE: request_balance\nPAY_BALANCE: pay_balance\nSHIP: ship\nASK_DELIVERED: ask_delivered\nMARK_DELIVERED: mark_delivered\nNOT_YET_DELIVERED: not_yet_delivered\nCONFIRM_RECEIPT: confirm_receipt\nAUTO_COMPLETE: auto_complete\nCANCEL: cancel\nREFUND: refund\nOPEN_DISPUTE: open_dispute\nRESOLVE_RELEASE: resolve_release\nRESOLVE_REFUND: resolve_refund', enum_type=Action, max_length=24),
        ),
        # On SQLite the AlterField above rebuilds the table, and Tortoise 1.1 does not recreate its indexes;
        # on PostgreSQL they were never dropped and this does nothing.
        ops.RunSQL([
            'CREATE INDEX IF NOT EXISTS "idx_order_event_order_i_38d333" ON "order_events" ("order_id", "id")',
            'CREATE INDEX IF NOT EXISTS "idx_order_event_to_stat_a90f07" ON "order_events" ("to_state")',
        ]),
    ]
