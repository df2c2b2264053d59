"""Every Tortoise model, in one app called "models"."""

from core.models.addresses import SavedAddress
from core.models.audit import AuditEntry
from core.models.brands import Brand, BrandAlias
from core.models.chat import ChatMessage
from core.models.disputes import Dispute, RefundProposal
from core.models.jobs import ScheduledJob
from core.models.ledger import Account, Entry, Payment, Transfer
from core.models.listings import Listing, ListingPhoto
from core.models.matching import GramCount, ListingGram, NoticeQuota
from core.models.moderators import LoginThrottle, Moderator, ModeratorSession
from core.models.notifications import Notification
from core.models.orders import Order, OrderEvent, TrackingUpdate
from core.models.payment_inbox import ReceivedPayment
from core.models.payouts import Payout, PayoutMethod
from core.models.platform_settings import PlatformSetting
from core.models.purchase_requests import Offer, PurchaseRequest
from core.models.rates import ExchangeRate
from core.models.reports import FakeReport
from core.models.reviews import Review
from core.models.risk import PhotoHash
from core.models.users import BuyerProfile, Follow, User

__all__ = [
    "Account",
    "AuditEntry",
    "Brand",
    "BrandAlias",
    "BuyerProfile",
    "ChatMessage",
    "Dispute",
    "Entry",
    "ExchangeRate",
    "FakeReport",
    "Follow",
    "GramCount",
    "Listing",
    "ListingGram",
    "ListingPhoto",
    "LoginThrottle",
    "Moderator",
    "ModeratorSession",
    "NoticeQuota",
    "Notification",
    "Offer",
    "Order",
    "OrderEvent",
    "Payment",
    "Payout",
    "PayoutMethod",
    "PhotoHash",
    "PlatformSetting",
    "PurchaseRequest",
    "ReceivedPayment",
    "RefundProposal",
    "Review",
    "SavedAddress",
    "ScheduledJob",
    "TrackingUpdate",
    "Transfer",
    "User",
]
