from tortoise import migrations
from core.domain.listings import ListingStatus
from tortoise import fields

from core.migration_operations import AlterComment

class Migration(migrations.Migration):
    dependencies = [('models', '0017_payment_inbox')]

    initial = False

    operations = [
        AlterComment(
            model_name='Listing',
            name='status',
            field=fields.CharEnumField(default=ListingStatus.DRAFT, description='DRAFT: draft\nSCREENING: screening\nPENDING_REVIEW: pending_review\nACTIVE: active\nSOLD_OUT: sold_out\nREJECTED: rejected\nREMOVED: removed', enum_type=ListingStatus, max_length=16),
        ),
    ]
