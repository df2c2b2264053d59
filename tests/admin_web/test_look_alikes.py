"""The flagged listing's case page shows photos of other buyers' listings that look like its own, side by side."""

import re

from core.domain.listings import ListingStatus
from core.services.catalog.listings import moderate_listing
from core.services.catalog.photo_hashes import record_listing_photos
from tests import factories
from tests.admin_web.conftest import Desk
from tests.photos import crop, jpeg, png, resize, textured


def section(page: str) -> str:
    match = re.search(r'<section class="card look-alikes">(.*?)</section>', page, re.S)
    assert match, "the case page has no look-alikes section"
    return match[1]


async def test_a_reused_photo_is_shown_next_to_the_original_with_a_link_to_its_listing(desk: Desk) -> None:
    bob, mallory = await factories.buyer("Bob"), await factories.buyer("Mallory")
    genuine = await factories.listing(bob, title="Genuine <Porter> bag", photo_file_ids=["orig"])
    copy = await factories.listing(mallory, title="Copied bag", photo_file_ids=["copied"])
    unrelated = await factories.listing(mallory, title="Own photo bag", photo_file_ids=["own"])
    await record_listing_photos(genuine.id, [("orig", png(textured(11)))])
    await record_listing_photos(copy.id, [("copied", jpeg(resize(crop(textured(11), 90), 50), quality=30))])
    await record_listing_photos(unrelated.id, [("own", png(textured(12)))])
    for listing in (copy, unrelated):
        await moderate_listing(listing.id, ListingStatus.PENDING_REVIEW, "Photo reused")

    shown = section(await desk.page(f"/listings/{copy.id}"))

    row = re.search(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", shown, re.S)
    assert row, shown
    this_photo, look_alike, where = row.groups()
    assert 'src="/photo/copied"' in this_photo and 'src="/photo/orig"' in look_alike
    assert f'<a href="/listings/{genuine.id}">#{genuine.id} Genuine &lt;Porter&gt; bag</a>' in where
    assert f'Buyer: <a href="/users/{bob.id}">Bob' in where
    assert re.search(r"\b[0-8] of 64 bits differ", where)
    assert "No look-alike" not in shown

    other = section(await desk.page(f"/listings/{unrelated.id}"))
    assert "No look-alike photos in other buyers' listings." in other
    assert "/listings/" not in other and "/photo/orig" not in other


async def test_the_case_page_speaks_chinese(desk: Desk) -> None:
    listing = await factories.listing(await factories.buyer())
    page = await desk.page(f"/listings/{listing.id}?lang=zh")
    assert "其他买手的商品中没有相似照片。" in section(page)
