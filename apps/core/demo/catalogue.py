"""The demo catalogue: the category tree (the same slugs as catalog's initial-categories migration), brands,
and 104 products with their specifications and variant options, in Vietnamese and English."""
from dataclasses import dataclass, field

# (root name, slug, icon, [(child name, slug), ...]) — slugs are the natural keys.
CATEGORY_TREE = [
    ("Điện thoại & Máy tính bảng", "dien-thoai-may-tinh-bang", "📱", [
        ("Điện thoại", "dien-thoai"), ("Máy tính bảng", "may-tinh-bang"), ("Đồng hồ thông minh", "dong-ho-thong-minh")]),
    ("Máy tính & Laptop", "may-tinh-laptop", "💻", [
        ("Laptop", "laptop"), ("Máy tính để bàn", "may-tinh-de-ban"), ("Màn hình", "man-hinh")]),
    ("Linh kiện máy tính", "linh-kien-may-tinh", "🧩", [
        ("CPU", "cpu"), ("RAM", "ram"), ("Ổ cứng & SSD", "o-cung-ssd"), ("Card đồ họa", "card-do-hoa")]),
    ("Phụ kiện", "phu-kien", "🎧", [
        ("Tai nghe", "tai-nghe"), ("Bàn phím & Chuột", "ban-phim-chuot"), ("Sạc & Cáp", "sac-cap")]),
    ("Sách", "sach", "📚", [
        ("Sách lập trình", "sach-lap-trinh"), ("Sách khoa học máy tính", "sach-khoa-hoc-may-tinh")]),
]

BRANDS = [
    "Apple", "Samsung", "Xiaomi", "OPPO", "Google", "Lenovo", "Garmin", "Huawei", "Amazfit", "ASUS", "Dell", "HP",
    "MSI", "Acer", "LG", "ViewSonic", "Intel", "AMD", "Kingston", "Corsair", "G.Skill", "TeamGroup", "Crucial",
    "Western Digital", "Seagate", "Gigabyte", "Sapphire", "Sony", "JBL", "HyperX", "Anker", "Sennheiser",
    "Keychron", "Logitech", "Akko", "Razer", "Baseus", "Ugreen", "O'Reilly", "No Starch Press", "Pearson",
    "MIT Press", "Addison-Wesley", "NXB Bách Khoa Hà Nội", "NXB Khoa học và Kỹ thuật",
]

# Variant options: (attribute name, [(value, price difference), ...]); a product has the cartesian product.
STORAGE = ("Dung lượng", [("128GB", 0), ("256GB", 2_500_000)])
COLOUR_DARK_BLUE = ("Màu sắc", [("Đen", 0), ("Xanh dương", 0)])
COLOUR_DARK_SILVER = ("Màu sắc", [("Đen", 0), ("Bạc", 0)])
COLOUR_BLACK_WHITE = ("Màu sắc", [("Đen", 0), ("Trắng", 0)])
LAPTOP_CONFIG = ("Cấu hình", [("16GB · 512GB", 0), ("16GB · 1TB", 3_000_000)])
DESKTOP_RAM = ("RAM", [("16GB", 0), ("32GB", 1_500_000)])
CPU_PACK = ("Đóng gói", [("Tray", 0), ("Box", 300_000)])
SWITCH = ("Switch", [("Red", 0), ("Brown", 0), ("Blue", 0)])
BOOK_COVER = ("Bìa", [("Bìa mềm", 0), ("Bìa cứng", 150_000)])


@dataclass(frozen=True)
class Leaf:
    slug: str
    shop: str  # key of the shop in data.SHOPS
    specs: tuple[str, ...]
    axes: tuple = ()
    # English noun for the description; Vietnamese noun
    noun_en: str = "product"
    noun_vi: str = "sản phẩm"
    # (title, brand, price VND, "spec1|spec2|...", {"axes": ..., "condition": ..., "compare": ...})
    products: list = field(default_factory=list)


LEAVES = [
    Leaf("dien-thoai", "congnghe", ("Màn hình", "Chip", "RAM", "Pin", "Camera"), (STORAGE, COLOUR_DARK_BLUE),
         "smartphone", "điện thoại", [
             ("Điện thoại Samsung Galaxy S24 Ultra 5G", "Samsung", 29_990_000,
              "6.8\" Dynamic AMOLED 2X 120Hz|Snapdragon 8 Gen 3|12GB|5000mAh|200MP", {"compare": 33_990_000}),
             ("iPhone 15", "Apple", 19_490_000, "6.1\" Super Retina XDR|A16 Bionic|6GB|3349mAh|48MP", {}),
             ("iPhone 15 Pro Max", "Apple", 29_990_000, "6.7\" Super Retina XDR ProMotion|A17 Pro|8GB|4441mAh|48MP",
              {"compare": 34_990_000}),
             ("Xiaomi Redmi Note 13 Pro 5G", "Xiaomi", 7_490_000,
              "6.67\" AMOLED 120Hz|Snapdragon 7s Gen 2|8GB|5100mAh|200MP", {}),
             ("OPPO Reno11 F 5G", "OPPO", 8_990_000, "6.7\" AMOLED 120Hz|Dimensity 7050|8GB|5000mAh|64MP", {}),
             ("Samsung Galaxy A55 5G", "Samsung", 9_990_000, "6.6\" Super AMOLED|Exynos 1480|8GB|5000mAh|50MP",
              {"compare": 10_990_000}),
             ("Google Pixel 8 (đã qua sử dụng, như mới)", "Google", 11_500_000,
              "6.2\" Actua OLED 120Hz|Google Tensor G3|8GB|4575mAh|50MP", {"condition": "used", "axes": ()}),
         ]),
    Leaf("may-tinh-bang", "congnghe", ("Màn hình", "Chip", "Kết nối", "Pin"), (STORAGE,), "tablet", "máy tính bảng", [
        ("iPad Air 11 inch M2 Wi-Fi", "Apple", 16_990_000, "11\" Liquid Retina|Apple M2|Wi-Fi 6E|28.93Wh", {}),
        ("iPad 10.9 inch Gen 10 Wi-Fi", "Apple", 9_490_000, "10.9\" Liquid Retina|A14 Bionic|Wi-Fi 6|28.6Wh",
         {"compare": 10_990_000}),
        ("Samsung Galaxy Tab S9 FE", "Samsung", 9_990_000, "10.9\" TFT 90Hz|Exynos 1380|Wi-Fi 6|8000mAh", {}),
        ("Xiaomi Pad 6", "Xiaomi", 7_990_000, "11\" 2.8K 144Hz|Snapdragon 870|Wi-Fi 6|8840mAh", {}),
        ("Lenovo Tab M11", "Lenovo", 4_990_000, "11\" IPS 90Hz|Helio G88|Wi-Fi 5|7040mAh", {}),
        ("Máy tính bảng Samsung Galaxy Tab A9+", "Samsung", 5_490_000, "11\" TFT 90Hz|Snapdragon 695|5G|7040mAh", {}),
        ("iPad mini 7 Wi-Fi", "Apple", 13_990_000, "8.3\" Liquid Retina|A17 Pro|Wi-Fi 6E|19.3Wh", {}),
    ]),
    Leaf("dong-ho-thong-minh", "congnghe", ("Màn hình", "Pin", "Chống nước"), (COLOUR_DARK_SILVER,),
         "smartwatch", "đồng hồ thông minh", [
             ("Apple Watch Series 9 GPS 41mm", "Apple", 9_990_000, "Retina LTPO OLED|18 giờ|WR50", {}),
             ("Samsung Galaxy Watch6 40mm", "Samsung", 5_990_000, "Super AMOLED 1.3\"|40 giờ|5ATM + IP68",
              {"compare": 6_990_000}),
             ("Vòng đeo tay Xiaomi Smart Band 8", "Xiaomi", 890_000, "AMOLED 1.62\"|16 ngày|5ATM", {}),
             ("Garmin Forerunner 265", "Garmin", 10_490_000, "AMOLED 1.3\"|13 ngày|5ATM", {}),
             ("Huawei Watch GT 4 46mm", "Huawei", 5_290_000, "AMOLED 1.43\"|14 ngày|5ATM", {}),
             ("Amazfit GTR 4", "Amazfit", 3_990_000, "AMOLED 1.43\"|14 ngày|5ATM", {}),
         ]),
    Leaf("laptop", "laptop", ("CPU", "RAM", "Ổ cứng", "Màn hình", "Trọng lượng"), (LAPTOP_CONFIG,), "laptop",
         "laptop", [
             ("MacBook Air 13 inch M3", "Apple", 27_990_000, "Apple M3 8 nhân|16GB|512GB SSD|13.6\" Liquid Retina|1.24 kg",
              {"axes": ()}),
             ("Laptop ASUS Vivobook 15 OLED", "ASUS", 15_490_000, "Core i5-13500H|16GB|512GB SSD|15.6\" OLED 2.8K|1.7 kg",
              {"compare": 17_990_000}),
             ("Dell Inspiron 14 5440", "Dell", 18_990_000, "Core 5 120U|16GB|512GB SSD|14\" FHD+|1.54 kg", {}),
             ("Lenovo ThinkPad E14 Gen 5", "Lenovo", 21_490_000, "Core i7-1355U|16GB|512GB SSD|14\" WUXGA|1.41 kg", {}),
             ("HP Pavilion 15", "HP", 16_990_000, "Core i5-1335U|16GB|512GB SSD|15.6\" FHD IPS|1.74 kg", {}),
             ("Laptop gaming MSI Katana 15", "MSI", 24_990_000, "Core i7-13620H, RTX 4060|16GB|512GB SSD|15.6\" 144Hz|2.25 kg",
              {"compare": 27_490_000}),
             ("Acer Swift Go 14", "Acer", 19_990_000, "Core Ultra 5 125H|16GB|512GB SSD|14\" OLED 2.8K|1.32 kg", {}),
             ("Lenovo IdeaPad Slim 3 (hàng tân trang)", "Lenovo", 9_990_000,
              "Ryzen 5 7520U|8GB|512GB SSD|15.6\" FHD|1.62 kg", {"condition": "refurbished", "axes": ()}),
         ]),
    Leaf("may-tinh-de-ban", "laptop", ("CPU", "Ổ cứng", "Card đồ họa", "Hệ điều hành"), (DESKTOP_RAM,),
         "desktop computer", "máy tính để bàn", [
             ("Mac mini M2", "Apple", 13_990_000, "Apple M2 8 nhân|256GB SSD|GPU 10 nhân|macOS", {"axes": ()}),
             ("PC Gaming Ryzen 5 7600 RTX 4060", "AMD", 22_990_000, "Ryzen 5 7600|1TB NVMe|RTX 4060 8GB|Windows 11", {}),
             ("Dell OptiPlex 7010 SFF", "Dell", 14_490_000, "Core i5-13500|512GB SSD|Intel UHD 770|Windows 11 Pro", {}),
             ("HP ProDesk 400 G9", "HP", 12_990_000, "Core i5-12500|512GB SSD|Intel UHD 770|Windows 11", {}),
             ("ASUS ExpertCenter D7 Mini Tower", "ASUS", 16_490_000, "Core i7-13700|512GB SSD|Intel UHD 770|Windows 11",
              {}),
             ("PC văn phòng Intel Core i3-13100", "Intel", 7_990_000, "Core i3-13100|256GB SSD|Intel UHD 730|Windows 11",
              {}),
         ]),
    Leaf("man-hinh", "laptop", ("Kích thước", "Độ phân giải", "Tấm nền", "Tần số quét"), (), "monitor", "màn hình", [
        ("Màn hình Dell UltraSharp U2723QE 27\" 4K", "Dell", 13_490_000, "27 inch|3840 x 2160|IPS Black|60Hz", {}),
        ("Màn hình LG UltraGear 27GP850 27\" 2K", "LG", 8_290_000, "27 inch|2560 x 1440|Nano IPS|180Hz",
         {"compare": 9_490_000}),
        ("Màn hình cong Samsung Odyssey G5 32\"", "Samsung", 7_490_000, "32 inch|2560 x 1440|VA cong 1000R|165Hz", {}),
        ("Màn hình ASUS ProArt PA248QV 24\"", "ASUS", 5_990_000, "24.1 inch|1920 x 1200|IPS|75Hz", {}),
        ("Màn hình Xiaomi A24i", "Xiaomi", 2_490_000, "23.8 inch|1920 x 1080|IPS|100Hz", {}),
        ("Màn hình ViewSonic VX2479 24\" 180Hz", "ViewSonic", 3_190_000, "24 inch|1920 x 1080|IPS|180Hz", {}),
        ("Màn hình Samsung ViewFinity S8 27\" 4K", "Samsung", 8_990_000, "27 inch|3840 x 2160|IPS|60Hz", {}),
    ]),
    Leaf("cpu", "linhkien", ("Số nhân / luồng", "Xung nhịp tối đa", "Socket", "TDP"), (CPU_PACK,), "processor",
         "bộ vi xử lý", [
             ("CPU Intel Core i5-14400F", "Intel", 4_990_000, "10 nhân / 16 luồng|4.7 GHz|LGA1700|65W", {}),
             ("CPU Intel Core i7-14700K", "Intel", 10_490_000, "20 nhân / 28 luồng|5.6 GHz|LGA1700|125W",
              {"compare": 11_490_000}),
             ("CPU AMD Ryzen 5 7600", "AMD", 5_290_000, "6 nhân / 12 luồng|5.1 GHz|AM5|65W", {}),
             ("CPU AMD Ryzen 7 7800X3D", "AMD", 10_990_000, "8 nhân / 16 luồng|5.0 GHz|AM5|120W", {}),
             ("CPU Intel Core i3-13100F", "Intel", 2_390_000, "4 nhân / 8 luồng|4.5 GHz|LGA1700|58W", {}),
             ("CPU AMD Ryzen 9 7950X", "AMD", 14_990_000, "16 nhân / 32 luồng|5.7 GHz|AM5|170W", {}),
         ]),
    Leaf("ram", "linhkien", ("Dung lượng", "Chuẩn", "Bus", "Độ trễ"), (), "memory kit", "bộ nhớ RAM", [
        ("RAM Kingston Fury Beast 16GB DDR5 5600", "Kingston", 1_390_000, "16GB|DDR5|5600MHz|CL40", {}),
        ("RAM Corsair Vengeance RGB 32GB (2x16GB) DDR5 6000", "Corsair", 3_290_000, "32GB (2x16GB)|DDR5|6000MHz|CL36",
         {"compare": 3_690_000}),
        ("RAM G.Skill Trident Z5 RGB 32GB DDR5 6400", "G.Skill", 3_890_000, "32GB (2x16GB)|DDR5|6400MHz|CL32", {}),
        ("RAM laptop Samsung 8GB DDR4 3200", "Samsung", 590_000, "8GB|DDR4 SODIMM|3200MHz|CL22", {}),
        ("RAM TeamGroup T-Force Delta RGB 16GB DDR4 3600", "TeamGroup", 1_090_000, "16GB (2x8GB)|DDR4|3600MHz|CL18",
         {}),
        ("RAM laptop Crucial 16GB DDR5 4800", "Crucial", 1_190_000, "16GB|DDR5 SODIMM|4800MHz|CL40", {}),
        ("RAM Corsair Vengeance LPX 16GB (2x8GB) DDR4 3200", "Corsair", 890_000, "16GB (2x8GB)|DDR4|3200MHz|CL16", {}),
    ]),
    Leaf("o-cung-ssd", "linhkien", ("Dung lượng", "Chuẩn kết nối", "Đọc tuần tự", "Ghi tuần tự"), (),
         "drive", "ổ cứng", [
             ("SSD Samsung 990 PRO 1TB NVMe", "Samsung", 2_990_000, "1TB|PCIe 4.0 NVMe M.2|7450 MB/s|6900 MB/s",
              {"compare": 3_490_000}),
             ("SSD WD Black SN850X 1TB", "Western Digital", 2_790_000, "1TB|PCIe 4.0 NVMe M.2|7300 MB/s|6300 MB/s", {}),
             ("SSD Kingston NV2 500GB", "Kingston", 890_000, "500GB|PCIe 4.0 NVMe M.2|3500 MB/s|2100 MB/s", {}),
             ("SSD Crucial P3 Plus 2TB", "Crucial", 3_490_000, "2TB|PCIe 4.0 NVMe M.2|5000 MB/s|4200 MB/s", {}),
             ("Ổ cứng HDD Seagate Barracuda 2TB", "Seagate", 1_490_000, "2TB|SATA III 3.5\"|190 MB/s|190 MB/s", {}),
             ("SSD di động Samsung T7 Shield 1TB", "Samsung", 2_690_000, "1TB|USB 3.2 Gen 2 Type-C|1050 MB/s|1000 MB/s",
              {}),
             ("SSD Kingston KC3000 2TB", "Kingston", 4_290_000, "2TB|PCIe 4.0 NVMe M.2|7000 MB/s|7000 MB/s", {}),
         ]),
    Leaf("card-do-hoa", "linhkien", ("GPU", "Bộ nhớ", "Giao tiếp", "Nguồn đề nghị"), (), "graphics card",
         "card đồ họa", [
             ("Card đồ họa ASUS Dual GeForce RTX 4060 OC 8GB", "ASUS", 8_490_000, "GeForce RTX 4060|8GB GDDR6|PCIe 4.0 x8|550W",
              {}),
             ("Card đồ họa MSI GeForce RTX 4070 SUPER Ventus 2X 12GB", "MSI", 16_990_000,
              "GeForce RTX 4070 SUPER|12GB GDDR6X|PCIe 4.0 x16|650W", {"compare": 18_490_000}),
             ("Card đồ họa Gigabyte Radeon RX 7600 Gaming OC 8GB", "Gigabyte", 7_290_000,
              "Radeon RX 7600|8GB GDDR6|PCIe 4.0 x8|550W", {}),
             ("Card đồ họa ASUS TUF Gaming RTX 4080 SUPER 16GB", "ASUS", 31_990_000,
              "GeForce RTX 4080 SUPER|16GB GDDR6X|PCIe 4.0 x16|850W", {}),
             ("Card đồ họa Sapphire Pulse Radeon RX 7800 XT 16GB", "Sapphire", 13_490_000,
              "Radeon RX 7800 XT|16GB GDDR6|PCIe 4.0 x16|700W", {}),
             ("Card đồ họa MSI GeForce RTX 3060 Ventus 2X 12GB (đã qua sử dụng)", "MSI", 5_490_000,
              "GeForce RTX 3060|12GB GDDR6|PCIe 4.0 x16|550W", {"condition": "used"}),
             ("Card đồ họa Gigabyte GeForce RTX 4060 Ti Eagle 8GB", "Gigabyte", 10_490_000,
              "GeForce RTX 4060 Ti|8GB GDDR6|PCIe 4.0 x8|550W", {}),
         ]),
    Leaf("tai-nghe", "gear", ("Kiểu", "Kết nối", "Thời lượng pin", "Chống ồn"), (COLOUR_BLACK_WHITE,),
         "headphones", "tai nghe", [
             ("Tai nghe Sony WH-1000XM5", "Sony", 7_990_000, "Over-ear|Bluetooth 5.2|30 giờ|Có (ANC)",
              {"compare": 8_990_000}),
             ("Tai nghe Apple AirPods Pro 2 USB-C", "Apple", 5_990_000, "In-ear|Bluetooth 5.3|6 giờ (30 giờ kèm hộp)|Có (ANC)",
              {"axes": ()}),
             ("Tai nghe Samsung Galaxy Buds2 Pro", "Samsung", 3_290_000, "In-ear|Bluetooth 5.3|5 giờ|Có (ANC)", {}),
             ("Tai nghe JBL Tune 520BT", "JBL", 1_190_000, "On-ear|Bluetooth 5.3|57 giờ|Không", {}),
             ("Tai nghe gaming HyperX Cloud II", "HyperX", 1_890_000, "Over-ear|USB / 3.5mm|—|Không", {"axes": ()}),
             ("Tai nghe Soundcore Liberty 4 NC", "Anker", 1_990_000, "In-ear|Bluetooth 5.3|10 giờ|Có (ANC)", {}),
             ("Tai nghe Sennheiser Momentum 4 Wireless", "Sennheiser", 7_490_000, "Over-ear|Bluetooth 5.2|60 giờ|Có (ANC)",
              {}),
         ]),
    Leaf("ban-phim-chuot", "gear", ("Loại", "Kết nối", "Switch / cảm biến", "Đèn nền"), (), "keyboard or mouse",
         "bàn phím, chuột", [
             ("Bàn phím cơ Keychron K2 Pro", "Keychron", 2_590_000, "Bàn phím cơ 75%|Bluetooth + USB-C|Gateron G Pro|RGB",
              {"axes": (SWITCH,)}),
             ("Chuột Logitech MX Master 3S", "Logitech", 2_290_000, "Chuột công thái học|Bluetooth + Logi Bolt|8000 DPI|Không",
              {"axes": (COLOUR_BLACK_WHITE,), "compare": 2_690_000}),
             ("Chuột gaming Logitech G Pro X Superlight 2", "Logitech", 3_290_000,
              "Chuột gaming 60g|Lightspeed không dây|HERO 2 32000 DPI|Không", {"axes": (COLOUR_BLACK_WHITE,)}),
             ("Bàn phím cơ Akko 3068B Plus", "Akko", 1_690_000, "Bàn phím cơ 65%|Bluetooth, 2.4GHz, USB-C|Akko CS|RGB",
              {"axes": (SWITCH,)}),
             ("Chuột gaming Razer DeathAdder V3", "Razer", 1_790_000, "Chuột gaming 59g|USB-C|Focus Pro 30K|Không", {}),
             ("Combo bàn phím chuột không dây Logitech MK270", "Logitech", 490_000, "Combo|2.4GHz|1000 DPI|Không", {}),
             ("Bàn phím cơ Akko 5075B Plus", "Akko", 1_990_000, "Bàn phím cơ 75%|Bluetooth, 2.4GHz, USB-C|Akko V3|RGB",
              {"axes": (SWITCH,)}),
         ]),
    Leaf("sac-cap", "congnghe", ("Công suất", "Cổng", "Tương thích"), (COLOUR_BLACK_WHITE,), "charger or cable",
         "sạc, cáp", [
             ("Củ sạc nhanh Anker 735 Nano II 65W", "Anker", 1_190_000, "65W|2 USB-C + 1 USB-A|Laptop, điện thoại", {}),
             ("Cáp USB-C to USB-C Baseus 100W 2m", "Baseus", 190_000, "100W|USB-C|Laptop, điện thoại", {}),
             ("Sạc dự phòng Xiaomi 20000mAh 22.5W", "Xiaomi", 590_000, "22.5W|USB-C + 2 USB-A|Điện thoại, tai nghe", {}),
             ("Củ sạc Apple 20W USB-C", "Apple", 490_000, "20W|USB-C|iPhone, iPad", {"axes": ()}),
             ("Cáp Lightning Ugreen MFi 1m", "Ugreen", 250_000, "20W|USB-C to Lightning|iPhone", {}),
             ("Sạc dự phòng Anker PowerCore 10000", "Anker", 690_000, "12W|USB-A + micro USB|Điện thoại", {}),
             ("Củ sạc Samsung Super Fast Charging 45W", "Samsung", 890_000, "45W|USB-C|Galaxy, laptop USB-C",
              {"compare": 1_090_000}),
         ]),
    Leaf("sach-lap-trinh", "sach", ("Tác giả", "Nhà xuất bản", "Số trang", "Ngôn ngữ"), (BOOK_COVER,),
         "programming book", "sách lập trình", [
             ("Clean Code: A Handbook of Agile Software Craftsmanship", "Pearson", 450_000,
              "Robert C. Martin|Prentice Hall|464|English", {}),
             ("Python Crash Course, 3rd Edition", "No Starch Press", 690_000, "Eric Matthes|No Starch Press|552|English",
              {}),
             ("Fluent Python, 2nd Edition", "O'Reilly", 1_150_000, "Luciano Ramalho|O'Reilly Media|1012|English",
              {"compare": 1_290_000}),
             ("Lập trình Python từ cơ bản đến nâng cao", "NXB Bách Khoa Hà Nội", 189_000,
              "Nhiều tác giả|NXB Bách Khoa Hà Nội|320|Tiếng Việt", {"axes": ()}),
             ("The Pragmatic Programmer, 20th Anniversary Edition", "Addison-Wesley", 790_000,
              "David Thomas, Andrew Hunt|Addison-Wesley|352|English", {}),
             ("Eloquent JavaScript, 4th Edition", "No Starch Press", 590_000, "Marijn Haverbeke|No Starch Press|456|English",
              {}),
             ("Giáo trình Cấu trúc dữ liệu và Giải thuật", "NXB Bách Khoa Hà Nội", 125_000,
              "Nhiều tác giả|NXB Bách Khoa Hà Nội|280|Tiếng Việt", {"axes": ()}),
             ("Learning Go, 2nd Edition", "O'Reilly", 850_000, "Jon Bodner|O'Reilly Media|494|English", {}),
         ]),
    Leaf("sach-khoa-hoc-may-tinh", "sach", ("Tác giả", "Nhà xuất bản", "Số trang", "Ngôn ngữ"), (BOOK_COVER,),
         "computer science book", "sách khoa học máy tính", [
             ("Introduction to Algorithms, 4th Edition", "MIT Press", 2_150_000,
              "Cormen, Leiserson, Rivest, Stein|MIT Press|1312|English", {}),
             ("Designing Data-Intensive Applications", "O'Reilly", 1_090_000, "Martin Kleppmann|O'Reilly Media|616|English",
              {"compare": 1_250_000}),
             ("Computer Systems: A Programmer's Perspective", "Pearson", 1_690_000,
              "Randal E. Bryant, David R. O'Hallaron|Pearson|1120|English", {}),
             ("Structure and Interpretation of Computer Programs", "MIT Press", 890_000,
              "Harold Abelson, Gerald Jay Sussman|MIT Press|657|English", {}),
             ("Nhập môn Trí tuệ nhân tạo", "NXB Khoa học và Kỹ thuật", 159_000,
              "Nhiều tác giả|NXB Khoa học và Kỹ thuật|300|Tiếng Việt", {"axes": ()}),
             ("Database System Concepts, 7th Edition", "Pearson", 1_390_000,
              "Silberschatz, Korth, Sudarshan|McGraw Hill|1376|English", {}),
             ("Operating Systems: Three Easy Pieces", "Addison-Wesley", 650_000,
              "Remzi & Andrea Arpaci-Dusseau|Arpaci-Dusseau Books|714|English", {}),
         ]),
]

# Products with is_featured=True (home page row), by position in their leaf.
FEATURED = {("dien-thoai", 0), ("dien-thoai", 2), ("laptop", 0), ("laptop", 5), ("man-hinh", 1), ("card-do-hoa", 1),
            ("tai-nghe", 0), ("ban-phim-chuot", 0), ("sach-lap-trinh", 2), ("sach-khoa-hoc-may-tinh", 1),
            ("o-cung-ssd", 0), ("dong-ho-thong-minh", 1)}
