from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

from core import clock
from core.domain.brands import brand_key

# Common brands and their names in Chinese, Japanese and short forms, so search finds 资生堂 as Shiseido from the
# first day. None is put on the watchlist here: that stays the moderators' call (the brands watched so far keep it).
SEEDS = [
    ("Shiseido", ["资生堂", "資生堂", "シセイドウ"]),
    ("Porter", ["波特", "吉田波特", "吉田カバン", "ポーター", "Yoshida Porter"]),
    ("Louis Vuitton", ["路易威登", "LV", "ルイ・ヴィトン", "ルイヴィトン"]),
    ("Chanel", ["香奈儿", "シャネル"]),
    ("Gucci", ["古驰", "グッチ"]),
    ("Hermès", ["爱马仕", "Hermes", "エルメス"]),
    ("Prada", ["普拉达", "プラダ"]),
    ("Dior", ["迪奥", "ディオール"]),
    ("Coach", ["蔻驰", "コーチ"]),
    ("SK-II", ["SK2", "SKII", "SK-2"]),
    ("Uniqlo", ["优衣库", "ユニクロ"]),
    ("Muji", ["无印良品", "無印良品"]),
    ("Sony", ["索尼", "ソニー"]),
    ("Nintendo", ["任天堂"]),
    ("Apple", ["苹果", "アップル"]),
    ("Nike", ["耐克", "ナイキ"]),
    ("Adidas", ["阿迪达斯", "アディダス"]),
    ("Kanebo", ["佳丽宝", "カネボウ"]),
    ("Canon", ["佳能", "キヤノン"]),
    ("Casio", ["卡西欧", "カシオ"]),
    ("Rolex", ["劳力士", "ロレックス"]),
    ("Cartier", ["卡地亚", "カルティエ"]),
    ("Tiffany", ["蒂芙尼", "ティファニー"]),
    ("Longchamp", ["珑骧", "ロンシャン"]),
    ("Lancôme", ["兰蔻", "Lancome", "ランコム"]),
    ("Sulwhasoo", ["雪花秀", "설화수"]),
    ("Onitsuka Tiger", ["鬼冢虎", "オニツカタイガー"]),
    ("Asics", ["亚瑟士", "アシックス"]),
    ("Sanrio", ["三丽鸥", "サンリオ"]),
    ("Pokémon", ["宝可梦", "Pokemon", "ポケモン"]),
    ("Seiko", ["精工", "セイコー"]),
    ("Dyson", ["戴森", "ダイソン"]),
    ("New Balance", ["新百伦", "ニューバランス"]),
    ("Arc'teryx", ["始祖鸟", "Arcteryx", "アークテリクス"]),
    ("Lego", ["乐高", "レゴ"]),
]


class _Writer:
    """Inserts in the database's parameter style; knows which names are taken already."""

    def __init__(self, client) -> None:
        self.client = client
        self.postgres = client.capabilities.dialect == "postgres"
        self.taken: dict[str, int] = {}  # alias key -> brand id

    def marks(self, count: int) -> str:
        return ", ".join(f"${n}" if self.postgres else "?" for n in range(1, count + 1))

    async def brand(self, name: str, watched: bool, note: str, added_by: str, created_at) -> int:
        columns = '"name", "key", "watched", "note", "added_by", "created_at"'
        values = [name, brand_key(name)[:64], watched, note, added_by, created_at]
        await self.client.execute_query(f'INSERT INTO "brands" ({columns}) VALUES ({self.marks(6)})', values)
        _, rows = await self.client.execute_query(
            f'SELECT "id" FROM "brands" WHERE "key" = {self.marks(1)}', [brand_key(name)[:64]]
        )
        brand_id = rows[0]["id"]
        await self.alias(brand_id, name)
        return brand_id

    async def alias(self, brand_id: int, name: str) -> None:
        key = brand_key(name)[:64]
        if key in self.taken:
            return
        self.taken[key] = brand_id
        await self.client.execute_query(
            f'INSERT INTO "brand_aliases" ("brand_id", "name", "key") VALUES ({self.marks(3)})', [brand_id, name, key]
        )


async def move_watchlist_into_brands(apps, schema_editor) -> None:
    """Every watched brand becomes a brand on the watchlist (note, who and when kept); then the seeds join in."""
    writer = _Writer(schema_editor.client)
    _, rows = await writer.client.execute_query(
        'SELECT "name", "note", "added_by", "created_at" FROM "watched_brands" ORDER BY "id"'
    )
    for row in rows:
        if brand_key(row["name"]) not in writer.taken:
            await writer.brand(row["name"], True, row["note"], row["added_by"], row["created_at"])
    now = clock.now()
    for name, aliases in SEEDS:
        known = next((writer.taken[brand_key(n)] for n in [name, *aliases] if brand_key(n) in writer.taken), None)
        brand_id = known if known is not None else await writer.brand(name, False, "", "", now)
        for alias in [name, *aliases]:
            await writer.alias(brand_id, alias)


async def nothing(apps, schema_editor) -> None:
    pass


class Migration(migrations.Migration):
    dependencies = [('models', '0023_payouts')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Brand',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=64)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('watched', fields.BooleanField(default=False)),
                ('note', fields.CharField(default='', max_length=200)),
                ('added_by', fields.CharField(default='', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'brands', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A brand: the name customers see, whether moderators watch it for counterfeits, and (`aliases`) its names'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BrandAlias',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('brand', fields.ForeignKeyField('models.Brand', source_field='brand_id', db_constraint=True, to_field='id', related_name='aliases', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=64)),
                ('key', fields.CharField(unique=True, max_length=64)),
            ],
            options={'table': 'brand_aliases', 'app': 'models', 'pk_attr': 'id', 'table_description': "One name of a brand in some language (its own name included): 资生堂 for Shiseido. A name is one brand's."},
            bases=['Model'],
        ),
        ops.RunPython(move_watchlist_into_brands, nothing),
        ops.DeleteModel(name='WatchedBrand'),
    ]
