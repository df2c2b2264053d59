from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_deadlines')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Order',
            index=Index(fields=['buyer_id', 'state']),
        ),
        ops.AddIndex(
            model_name='Order',
            index=Index(fields=['customer_id', 'id']),
        ),
        ops.AddIndex(
            model_name='OrderEvent',
            index=Index(fields=['order_id', 'id']),
        ),
        ops.AddIndex(
            model_name='OrderEvent',
            index=Index(fields=['to_state']),
        ),
        ops.AddIndex(
            model_name='Payment',
            index=Index(fields=['order_id']),
        ),
        ops.AddIndex(
            model_name='Review',
            index=Index(fields=['buyer_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Transfer',
            index=Index(fields=['order_id']),
        ),
    ]
