"""Offers name the item they buy, the title of the order they make; older offers keep "" and go by the request's
words (core.services.sourcing.purchase_requests.item_name_of)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0019_id_document_retention')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Offer',
            name='item_name',
            field=fields.CharField(default='', db_default='', max_length=120),
        ),
    ]
