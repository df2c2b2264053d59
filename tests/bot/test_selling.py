"""Verified buyers list items through a wizard, and edit or withdraw their own listings."""

import io

import pytest
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import GetFile

from bot.callbacks import BuyerMenu, ListingAction
from bot.photo_downloads import photo_download
from core.domain.listings import ListingStatus
from core.domain.money import Money
from core.models.listings import Listing, ListingPhoto
from core.models.users import User
from core.services.catalog.listings import search_listings
from core.services.catalog.photo_hashes import record_listing_photos
from core.services.catalog.publishing import publish_listing, sweep_with
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import run_due
from sandbox.views import ChatMessage
from tests import factories
from tests.bot.conftest import Person, World
from tests.conftest import Travel
from tests.photos import crop, jpeg, png, resize, textured

pytestmark = pytest.mark.usefixtures("quick_typist")


async def buyer(world: World, name: str = "Bob", language: str = "en") -> tuple[Person, User, ChatMessage]:
    """A verified buyer (Japan and Korea) who has talked to the bot, and their /sell menu."""
    person = world.person(name, language)
    await person.says("/start")
    account = await person.becomes_verified_buyer(("JP", "KR"))
    return person, account, await person.says("/sell")


async def tap(person: Person, message: ChatMessage, data: str) -> ChatMessage:
    """Press the button carrying `data`, whatever its label's language: the bot's next message."""
    person.driver.mark_read(person.user)
    answer = await person.driver.press_button(person.user, message, data=data)
    assert answer.answered and not answer.show_alert, answer
    return await person.next()


async def answers_up_to_photos(bob: Person, menu: ChatMessage) -> ChatMessage:
    """The wizard from New listing to the photos question, answered well: that question."""
    await tap(bob, menu, BuyerMenu(action="new_listing").pack())
    await bob.says("Porter Tanker shoulder bag")
    category = await bob.says("Black nylon, unused, with the shop's receipt.")
    brand = await tap(bob, category, "c:category:bags")
    country = await bob.says("Porter")
    assert [b["callback_data"] for row in country.buttons for b in row] == ["c:country:JP", "c:country:KR"]
    await tap(bob, country, "c:country:JP")
    await bob.says("Tokyo")
    await bob.says("¥12,800")
    await bob.says("3")
    photos = await bob.says("7")
    assert brand.buttons and photos.buttons  # Skip on the brand, Done on the photos
    return photos


async def test_a_buyer_lists_an_item_with_an_album_and_it_is_published(world: World) -> None:
    bob, seller, menu = await buyer(world)
    photos = await answers_up_to_photos(bob, menu)
    assert "Send 1 to 10 photos" in photos.content

    album, progress = await bob.sends_album(3)
    assert progress.content == "Photos: 3 of at most 10. Send more, or press Done."
    await bob.driver.redeliver(album[0].update_id)  # delivered twice: still three photos
    proof = await bob.presses(progress, "Done ✔️")
    assert "receipt" in proof.content
    preview = await bob.presses(proof, "Skip ⏭")
    assert preview.photo and preview.photo[-1]["file_id"] == album[0].photo[-1]["file_id"]
    assert preview.content.startswith("Porter Tanker shoulder bag\nPorter · Bags\n📍 Tokyo, Japan\n💰 ¥12,800")
    assert "3 in stock · ships in 7 days" in preview.content
    assert await Listing.all().count() == 0  # nothing saved before Publish

    published = await bob.presses(preview, "✅ Publish")
    assert published.content == "Published! Customers can find it now."
    card = await bob.next()
    assert card.button_texts() == ["✏️ Edit", "🗑 Withdraw", "↗️ Share"]

    replay = await bob.driver.press_button(bob.user, preview, "✅ Publish")
    assert replay.show_alert and replay.text == "This button is no longer available."
    listing = await Listing.get(buyer_id=seller.id)
    assert listing.status is ListingStatus.ACTIVE
    assert (listing.price_money, listing.stock, listing.days_to_ship) == (Money(12800, "JPY"), 3, 7)
    assert (listing.brand, listing.country, listing.city, listing.category) == ("Porter", "JP", "Tokyo", "bags")
    photos_saved = await ListingPhoto.filter(listing_id=listing.id)
    assert [p.file_id for p in photos_saved] == [m.photo[-1]["file_id"] for m in album]


async def test_each_step_refuses_bad_answers_and_asks_again(world: World) -> None:
    bob, _, menu = await buyer(world)
    title = await tap(bob, menu, BuyerMenu(action="new_listing").pack())
    assert "New listing." in title.content and "What is the item called?" in title.content

    empty = await bob.says("\x07\x07")
    assert empty.content.startswith("That was empty. Please type some text.")
    assert "What is the item called?" in empty.content
    bob.driver.mark_read(bob.user)
    await bob.driver.send_sticker(bob.user)
    assert (await bob.next()).content.startswith("Please answer with text.")
    too_long = await bob.says("x" * 121)
    assert too_long.content.startswith("That is too long: 121 characters, at most 120.")

    await bob.says("Porter Tanker")
    category = await bob.says("Black, unused.")
    assert (await bob.says("Bags")).content.startswith("Please use the buttons below.")
    brand = await tap(bob, category, "c:category:bags")
    country = await bob.presses(brand, "Skip ⏭")
    forged = await bob.driver.press_button(bob.user, country, data="c:country:US")  # a country Bob does not serve
    assert forged.show_alert and forged.text == "This is not available any more."
    city = await tap(bob, country, "c:country:JP")
    await bob.presses(city, "Skip ⏭")

    for typed, hint in [
        ("0 JPY", "The amount must be more than zero."),
        ("12.5 JPY", "JPY has 0 decimal places; please round the amount."),
        ("twelve thousand", "I could not read that as a price."),
    ]:
        assert (await bob.says(typed)).content.startswith(hint)
    await bob.says("12800")  # a number alone is in the country's currency
    assert (await bob.says("many")).content.startswith("Please type a whole number, like 3.")
    assert (await bob.says("1000")).content.startswith("The quantity must be between 1 and 999.")
    await bob.says("1")
    assert (await bob.says("91")).content.startswith("Days to ship must be between 1 and 90.")
    photos = await bob.says("10")

    answer = await bob.driver.press_button(bob.user, photos, "Done ✔️")
    assert answer.show_alert and answer.text == "A listing needs between 1 and 10 photos."
    assert (await bob.says("here are the photos")).content.startswith("Please send a photo.")
    _, progress = await bob.sends_album(10)
    assert progress.content == "Photos: 10 of at most 10. Send more, or press Done."
    eleventh = await bob.sends_photo()
    assert eleventh.content == "At most 10 photos, so I did not add 1 of them. Press Done to go on with 10."
    proof = await bob.presses(eleventh, "Done ✔️")
    assert proof.button_texts() == ["Skip ⏭"]
    assert (await bob.says("the receipt is lost")).content.startswith("Please send a photo.")
    preview = await bob.sends_photo()
    await bob.presses(preview, "✅ Publish")

    listing = await Listing.get()
    assert (listing.price, listing.currency, listing.brand, listing.city) == (12800, "JPY", None, None)
    saved = await ListingPhoto.filter(listing_id=listing.id)
    assert (len(saved), sum(p.is_proof for p in saved)) == (11, 1)  # ten photos and the receipt


async def test_cancel_stops_the_wizard_and_nothing_is_listed(world: World) -> None:
    bob, _, menu = await buyer(world)
    await tap(bob, menu, BuyerMenu(action="new_listing").pack())
    await bob.says("Porter Tanker")
    assert (await bob.says("/cancel")).content.startswith("Cancelled.")
    assert await Listing.all().count() == 0


async def listing_of(world: World, seller: User) -> Listing:
    return await factories.listing(seller, title="Porter Tanker", photo_file_ids=[world.photo(), world.photo()])


async def test_a_buyer_edits_the_price_from_my_listings(world: World) -> None:
    bob, seller, menu = await buyer(world)
    bag = await listing_of(world, seller)
    mine = await bob.presses(menu, "📋 My listings")
    assert f"#{bag.id} · Porter Tanker · ¥12,800 · 3 in stock · for sale" in mine.content
    assert mine.button_texts() == ["✏️ Porter Tanker", "🗑"]

    fields = await bob.presses(mine, "✏️ Porter Tanker")
    assert fields.button_texts() == ["Title", "Description", "Price", "Quantity", "Days to ship", "Photos"]
    question = await bob.presses(fields, "Price")
    assert "A number alone is in JPY." in question.content
    assert (await bob.says("-5")).content.startswith("The amount must be more than zero.")
    saved = await bob.says("¥9,800")
    assert saved.content == "Saved. Your listing now reads:"
    assert "💰 ¥9,800" in (await bob.next()).content

    edited = await Listing.get(id=bag.id)
    assert (edited.price, edited.title, edited.stock, edited.status) == (9800, "Porter Tanker", 3, ListingStatus.ACTIVE)
    assert await ListingPhoto.filter(listing_id=bag.id).count() == 2


async def test_a_buyer_replaces_the_photos(world: World) -> None:
    bob, seller, _ = await buyer(world)
    bag = await listing_of(world, seller)
    welcome = await bob.says("/start")
    fields = await tap(bob, welcome, ListingAction(action="edit", listing_id=bag.id).pack())
    await bob.presses(fields, "Photos")
    progress = await bob.sends_photo()
    assert progress.content == "Photos: 1 of at most 10. Send more, or press Done."
    await bob.presses(progress, "Done ✔️")
    assert await ListingPhoto.filter(listing_id=bag.id).count() == 1


async def test_a_buyer_withdraws_a_listing_after_confirming(world: World) -> None:
    bob, seller, menu = await buyer(world)
    bag = await listing_of(world, seller)
    mine = await bob.presses(menu, "📋 My listings")
    confirm = await bob.presses(mine, "🗑")
    assert "Withdraw Porter Tanker?" in confirm.content
    assert (await Listing.get(id=bag.id)).status is ListingStatus.ACTIVE

    answer = await bob.driver.press_button(bob.user, confirm, "🗑 Yes, withdraw it")
    assert answer.text == "Withdrawn."
    assert "is withdrawn" in bob.driver.refreshed(confirm).content and not bob.driver.refreshed(confirm).buttons
    assert (await Listing.get(id=bag.id)).status is ListingStatus.REMOVED
    mine = await bob.presses(menu, "📋 My listings")
    assert "· removed" in mine.content and not mine.buttons


async def test_another_users_forged_edit_or_withdraw_changes_nothing(world: World) -> None:
    _, seller, _ = await buyer(world)
    bag = await listing_of(world, seller)
    mallory, _, menu = await buyer(world, "Mallory")
    for action in ("edit", "withdraw", "withdraw_confirmed"):
        answer = await mallory.driver.press_button(
            mallory.user, menu, data=ListingAction(action=action, listing_id=bag.id).pack()
        )
        assert answer.show_alert and answer.text == "This listing is not yours.", action
    answer = await mallory.driver.press_button(mallory.user, menu, data="c:edit:title")
    assert answer.show_alert and answer.text == "This button is no longer available."
    await mallory.says("Hacked")
    unchanged = await Listing.get(id=bag.id)
    assert (unchanged.title, unchanged.status) == ("Porter Tanker", ListingStatus.ACTIVE)


async def test_a_chinese_speaking_buyer_lists_an_item(world: World) -> None:
    wang, seller, menu = await buyer(world, "王芳", "zh")
    assert len(menu.buttons) == 3 and len(menu.button_texts()) == 6
    assert menu.content == "我的买手账户 · ✅ 已认证\n采购地区：日本和韩国\n品类：箱包和美妆护肤"
    assert menu.button_texts() == [
        "➕ 发布商品",
        "📋 我的商品",
        "📨 求购大厅",
        "🔗 我的邀请链接",
        "🛡 我的保证金",
        "💰 收入",
    ]
    title = await tap(wang, menu, BuyerMenu(action="new_listing").pack())
    assert title.content.startswith("发布新商品。任何步骤都可发送 /cancel 取消。\n\n商品名称是什么？")
    emoji_only = await wang.says("👜✨")
    assert emoji_only.content.startswith("请用文字说明：至少包含一个字或数字，不能只有表情或符号。")
    assert "商品名称是什么？" in emoji_only.content  # asked again
    assert (await wang.says("Porter Tanker 单肩包")).content.startswith("描述一下商品：型号、尺码、颜色、成色")
    category = await wang.says("黑色尼龙，全新，附购物小票。")
    assert category.content == "属于哪个品类？" and category.button_texts()[:2] == ["箱包", "服饰"]
    brand = await tap(wang, category, "c:category:bags")
    assert brand.content == "什么品牌？请输入，或点“跳过”。" and brand.button_texts() == ["跳过 ⏭"]
    country = await wang.says("Porter")
    assert country.content == "在哪里购买？" and country.button_texts() == ["日本", "韩国"]
    city = await tap(wang, country, "c:country:JP")
    assert city.content == "在哪个城市？请输入，或点“跳过”。"
    price = await wang.says("东京")
    assert price.content.startswith("单价是多少？\n请输入价格和币种") and "只输入数字将按 JPY 计算。" in price.content
    assert (await wang.says("¥12,800")).content.startswith("可以买到几件？（1 到 ")
    assert (await wang.says("3")).content.startswith("定金支付后，需要几天发货？（1 到 ")
    photos = await wang.says("7")
    assert photos.content.startswith("请发送 1 到 10 张商品照片") and photos.button_texts() == ["完成 ✔️"]
    _, progress = await wang.sends_album(2)
    assert progress.content == "照片：2 张（最多 10 张）。可继续发送，或按“完成”。"
    proof = await tap(wang, progress, "c:done:photos")
    assert len(proof.button_texts()) == 1  # Skip
    assert proof.content.startswith("有购物小票或能证明购买渠道的照片吗？") and proof.button_texts() == ["跳过 ⏭"]
    preview = await wang.sends_photo()
    assert "¥12,800" in preview.content and len(preview.button_texts()) == 2
    assert "Porter · 箱包\n📍 东京, 日本\n💰 JP¥12,800\n📦 库存 3 · 7 天内发货" in preview.content
    assert preview.button_texts() == ["✅ 发布", "✖️ 取消"]
    published = await tap(wang, preview, "c:preview:publish")
    assert published.content == "已发布！顾客现在可以看到了。"

    listing = await Listing.get(buyer_id=seller.id)
    assert (listing.status, listing.price, listing.currency) == (ListingStatus.ACTIVE, 12800, "JPY")
    saved = await ListingPhoto.filter(listing_id=listing.id)
    assert (len(saved), sum(p.is_proof for p in saved)) == (3, 1)


async def others_listing_with_photo(world: World, seed: int) -> Listing:
    """Carol's earlier listing, whose photo (seed `seed`) the risk engine has hashed."""
    carol = await world.person("Carol").becomes_verified_buyer()
    earlier = await factories.listing(carol, photo_file_ids=[world.photo()])
    await record_listing_photos(earlier.id, [("carols-photo", png(textured(seed)))])
    return earlier


async def test_a_listing_with_another_buyers_photo_is_held_for_review_and_the_buyer_is_told(world: World) -> None:
    earlier = await others_listing_with_photo(world, seed=7)
    bob, seller, menu = await buyer(world)
    await answers_up_to_photos(bob, menu)
    bob.driver.mark_read(bob.user)
    await bob.driver.send_album(bob.user, [jpeg(crop(textured(7), 90), quality=30), png(textured(8))])
    progress = await bob.next()
    proof = await bob.presses(progress, "Done ✔️")
    preview = await bob.presses(proof, "Skip ⏭")

    held = await bob.presses(preview, "✅ Publish")

    assert held.content == "Saved, and held for review: a moderator checks it before customers can see it."
    listing = await Listing.get(buyer_id=seller.id)
    assert listing.status is ListingStatus.PENDING_REVIEW
    assert listing.status_reason and f"listing #{earlier.id}" in listing.status_reason


async def test_a_chinese_speaking_buyer_hears_in_chinese_that_new_photos_hold_the_listing(world: World) -> None:
    await others_listing_with_photo(world, seed=3)
    wang, seller, _ = await buyer(world, "王芳", "zh")
    bag = await listing_of(world, seller)
    welcome = await wang.says("/start")
    fields = await tap(wang, welcome, ListingAction(action="edit", listing_id=bag.id).pack())
    await tap(wang, fields, "c:edit:photos")
    wang.driver.mark_read(wang.user)
    await wang.driver.send_photo(wang.user, jpeg(resize(textured(3), 50), quality=30))
    progress = await wang.next()

    held = await tap(wang, progress, "c:done:photos")

    assert held.content == "已保存，正在等待审核：管理员审核通过后顾客才能看到。"
    assert (await Listing.get(id=bag.id)).status is ListingStatus.PENDING_REVIEW


async def test_a_photo_telegram_cannot_hand_over_keeps_the_listing_unseen_until_the_scheduler_publishes_it(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, travel: Travel
) -> None:
    download = world.bot.download

    async def unavailable(*args: object, **kwargs: object) -> None:
        raise TelegramNetworkError(method=GetFile(file_id="x"), message="timed out")

    monkeypatch.setattr(world.bot, "download", unavailable)
    bob, seller, menu = await buyer(world)
    await answers_up_to_photos(bob, menu)
    _, progress = await bob.sends_album(2)
    proof = await bob.presses(progress, "Done ✔️")
    preview = await bob.presses(proof, "Skip ⏭")
    saved = await bob.presses(preview, "✅ Publish")
    assert saved.content == (
        "Saved. Checking it takes a little longer: I will tell you when it is published or held for review."
    )
    assert "Not for sale right now." in (await bob.next()).content
    listing = await Listing.get(buyer_id=seller.id)
    assert listing.status is ListingStatus.SCREENING and not (await search_listings()).items
    assert "could not be downloaded for hashing: TelegramNetworkError" in caplog.text

    monkeypatch.setattr(world.bot, "download", download)  # Telegram is back
    sweep_with(photo_download(world.bot))
    travel.forward(minutes=1, seconds=1)
    await run_due(JOB_KINDS)

    told = await bob.next()
    assert told.content == "✅ Your listing “Porter Tanker shoulder bag” is published: customers can find it now."
    assert [found.id for found in (await search_listings()).items] == [listing.id]


async def test_a_chinese_speaking_buyer_hears_in_chinese_when_the_scheduler_holds_the_listing(
    world: World, monkeypatch: pytest.MonkeyPatch, travel: Travel
) -> None:
    await others_listing_with_photo(world, seed=5)
    wang, seller, _ = await buyer(world, "王芳", "zh")
    item = factories.listing_input(photo_file_ids=[world.photo()])
    monkeypatch.setattr(world.bot, "download", _copy_of_seed_5)

    async def crash(file_id: str) -> bytes:
        raise RuntimeError("the bot was killed while downloading")

    with pytest.raises(RuntimeError):
        await publish_listing(seller.id, item, crash)
    await wang.catches_up()
    sweep_with(photo_download(world.bot))
    travel.forward(minutes=1, seconds=1)
    await run_due(JOB_KINDS)

    assert (await Listing.get(buyer_id=seller.id)).status is ListingStatus.PENDING_REVIEW
    told = await wang.next()
    assert told.content == "⏳ 您的商品“Porter Tanker shoulder bag”已保存，正在等待审核：管理员审核通过后顾客才能看到。"


async def _copy_of_seed_5(*args: object, **kwargs: object) -> io.BytesIO:
    """What Telegram hands over for the buyer's photo: a recompressed crop of Carol's."""
    return io.BytesIO(jpeg(crop(textured(5), 90), quality=30))


async def test_a_price_telegram_could_not_take_is_refused_as_it_is_typed_and_the_buyer_told_why(
    world: World,
) -> None:
    wang, _, menu = await buyer(world, "王芳", "zh")
    await tap(wang, menu, BuyerMenu(action="new_listing").pack())
    await wang.says("Porter Tanker 单肩包")
    category = await wang.says("黑色尼龙，全新，附购物小票。")
    country = await wang.presses(await tap(wang, category, "c:category:bags"), "跳过 ⏭")
    await wang.presses(await tap(wang, country, "c:country:JP"), "跳过 ⏭")

    # A 30% deposit on ¥300 is ¥90, under the ¥109 Telegram takes at least in one payment.
    too_little = await wang.says("300")
    assert too_little.content.startswith("按此价格，定金为 JP¥90，但 Telegram 单笔付款至少为 JP¥109。请提高价格。")
    assert "单价是多少？" in too_little.content  # asked again
    # The balance on ¥3,000,000 would be ¥2,100,000, over the most Telegram takes in one payment.
    too_much = await wang.says("3,000,000 JPY")
    assert too_much.content.startswith("按此价格，尾款为 JP¥2,100,000，但 Telegram 单笔付款最多为 JP¥1,093,219。")
    unpayable = await wang.says("120 MOP")  # a currency Telegram payments do not take
    assert unpayable.content.startswith("Telegram 支付不支持 MOP，这样谁也无法付款。")
    assert (await wang.says("¥12,800")).content.startswith("可以买到几件？")
