"""Every kind of scheduled job, in the one table the processes that run jobs pass to the scheduler.

A new kind is a handler in its area's module (see core/services/runtime/scheduler.py) and a line here.
"""

from types import MappingProxyType

from core.services.catalog import publishing
from core.services.money import payment_inbox
from core.services.oversight import payouts
from core.services.people import id_documents
from core.services.runtime.scheduler import JobKind, JobKinds
from core.services.trade import deadline_jobs, deadlines, disputes, order_address_purge

JOB_KINDS: JobKinds = MappingProxyType(
    {
        deadlines.ORDER_DEADLINE: JobKind(deadline_jobs.order_deadline_passed),
        deadlines.ORDER_REMINDER: JobKind(deadline_jobs.remind_order_deadline),
        deadlines.REQUEST_EXPIRY: JobKind(deadline_jobs.request_expired),
        deadlines.REQUEST_REMINDER: JobKind(deadline_jobs.remind_request_expiry),
        deadlines.OFFER_EXPIRY: JobKind(deadline_jobs.offer_expired),
        deadlines.OFFER_REMINDER: JobKind(deadline_jobs.remind_offer_expiry),
        disputes.ESCALATE: JobKind(disputes.escalate_dispute),
        payment_inbox.RECORD_PAYMENT: JobKind(payment_inbox.record_left_over),
        # It downloads the photos first, so it takes its own transactions (and is safe to run again).
        publishing.SCREEN_LISTING: JobKind(publishing.finish_screening, in_transaction=False),
        id_documents.ID_DOCUMENTS.job: JobKind(id_documents.purge_id_document),
        order_address_purge.ORDER_ADDRESSES.job: JobKind(order_address_purge.purge_order_address),
        payouts.PAYOUT_DETAILS.job: JobKind(payouts.purge_payout_details),
    }
)
