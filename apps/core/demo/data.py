"""People, shops, vouchers and texts of the demo store. E-mail addresses, shop keys, voucher codes and
slugs are the natural keys the builders look rows up by, so a second run finds everything in place."""

DEMO_PASSWORD = "Demo@12345"

ADMIN_EMAIL = "admin@example.com"
BUYER_EMAIL = "buyer@example.com"
SELLER_EMAIL = "seller@example.com"
# The demo staff account's authenticator key (TOTP, RFC 6238): the back office requires two-factor
# authentication, so the demo publishes the key like the password. Add it to any authenticator app.
ADMIN_TOTP_SECRET = "DEMOADMINTOTPKEYFORCHODEMOSTORE2"

# (email, full name, local phone or "", role, language of their texts)
STAFF = [(ADMIN_EMAIL, "Quản trị viên Chợ", "", "admin", "vi")]
SELLERS = [
    (SELLER_EMAIL, "Trần Thị Bình", "0912000002", "seller", "vi"),
    ("laptop.hanoi@example.com", "Lê Minh Cường", "0912000003", "seller", "vi"),
    ("linhkien.danang@example.com", "Phạm Thu Dung", "0912000004", "seller", "vi"),
    ("codebooks@example.com", "Hoàng Đức Em", "0912000005", "seller", "vi"),
    ("gear.corner@example.com", "Vũ Thị Giang", "0912000006", "seller", "vi"),
]
BUYERS = [
    (BUYER_EMAIL, "Nguyễn Văn An", "0912000001", "buyer", "vi"),
    ("mai.nguyen@example.com", "Nguyễn Thị Mai", "0912000007", "buyer", "vi"),
    ("john.smith@example.com", "John Smith", "0912000008", "buyer", "en"),
    ("linh.tran@example.com", "Trần Khánh Linh", "0912000009", "buyer", "vi"),
    ("david.lee@example.com", "David Lee", "0912000010", "buyer", "en"),
    ("hung.pham@example.com", "Phạm Quốc Hùng", "0912000011", "buyer", "vi"),
    ("emma.wilson@example.com", "Emma Wilson", "0912000012", "buyer", "en"),
    ("thao.le@example.com", "Lê Phương Thảo", "0912000013", "buyer", "vi"),
]

# (street, ward, district, city)
ADDRESSES = [
    ("12 Nguyễn Huệ", "Phường Bến Nghé", "Quận 1", "TP. Hồ Chí Minh"),
    ("88 Láng Hạ", "Phường Láng Hạ", "Quận Đống Đa", "Hà Nội"),
    ("25 Bạch Đằng", "Phường Hải Châu 1", "Quận Hải Châu", "Đà Nẵng"),
    ("140 Lê Lợi", "Phường Phú Hội", "Quận Thuận Hóa", "Huế"),
    ("7 Trần Phú", "Phường Lộc Thọ", "TP. Nha Trang", "Khánh Hòa"),
    ("301 Võ Văn Tần", "Phường 5", "Quận 3", "TP. Hồ Chí Minh"),
    ("56 Cầu Giấy", "Phường Quan Hoa", "Quận Cầu Giấy", "Hà Nội"),
    ("19 Hai Bà Trưng", "Phường Tân An", "Quận Ninh Kiều", "Cần Thơ"),
]
BUYER_OFFICE = ("Tầng 8, 81 Cách Mạng Tháng Tám", "Phường Bến Thành", "Quận 1", "TP. Hồ Chí Minh")

# key -> (owner email, name, city, address, description, standard fee, express fee, free shipping from, colour)
SHOPS = {
    "congnghe": (SELLER_EMAIL, "Công Nghệ Sài Gòn", "TP. Hồ Chí Minh", "45 Lý Tự Trọng, Quận 1, TP. Hồ Chí Minh",
                 "Điện thoại, máy tính bảng, đồng hồ thông minh và phụ kiện chính hãng, bảo hành 12 tháng. "
                 "Genuine phones, tablets and accessories with a 12-month warranty.",
                 25_000, 45_000, 500_000, (37, 99, 235)),
    "laptop": ("laptop.hanoi@example.com", "Laptop Hà Nội", "Hà Nội", "120 Thái Hà, Quận Đống Đa, Hà Nội",
               "Laptop, PC và màn hình cho học tập, văn phòng và gaming. Laptops, desktops and monitors for study, "
               "work and play.", 35_000, 60_000, 2_000_000, (13, 148, 136)),
    "linhkien": ("linhkien.danang@example.com", "Linh Kiện Đà Nẵng", "Đà Nẵng", "210 Nguyễn Văn Linh, Đà Nẵng",
                 "CPU, RAM, SSD và card đồ họa — build PC theo yêu cầu. PC components and custom builds.",
                 30_000, 55_000, 1_000_000, (124, 58, 237)),
    "sach": ("codebooks@example.com", "Nhà Sách Lập Trình", "TP. Hồ Chí Minh", "9 Nguyễn Thị Minh Khai, Quận 1",
             "Sách lập trình và khoa học máy tính, tiếng Việt và tiếng Anh. Programming and computer science books.",
             20_000, 35_000, 300_000, (217, 119, 6)),
    "gear": ("gear.corner@example.com", "Gear Corner", "Hà Nội", "33 Tôn Đức Thắng, Quận Đống Đa, Hà Nội",
             "Bàn phím cơ, chuột gaming và tai nghe cho game thủ và lập trình viên. Keyboards, mice and headsets.",
             25_000, 45_000, 800_000, (219, 39, 119)),
}

# code -> (shop key or None for the platform, title, type, value, max discount, min order, per-user limit)
VOUCHERS = {
    "CHAOBAN": (None, "Chào bạn mới: giảm 10% (tối đa 200.000 ₫)", "percentage", 10, 200_000, 300_000, 1),
    "FREESHIP": (None, "Miễn phí vận chuyển cho đơn từ 500.000 ₫", "free_shipping", 0, 50_000, 500_000, 3),
    "CONGNGHE50K": ("congnghe", "Giảm 50.000 ₫ cho đơn từ 1.000.000 ₫", "fixed", 50_000, None, 1_000_000, 2),
    "LAPTOP5": ("laptop", "Laptop Hà Nội: giảm 5% tối đa 1.000.000 ₫", "percentage", 5, 1_000_000, 5_000_000, 1),
    "SACHHAY15": ("sach", "Sách hay giảm 15%", "percentage", 15, 100_000, 200_000, 3),
}
FLASH_SALE_NAME = "Flash Sale cuối tuần · Weekend flash sale"

REVIEW_TEXTS = {
    "vi": {
        5: [("Tuyệt vời!", "Hàng chính hãng, đóng gói cẩn thận, giao nhanh hơn dự kiến. Rất hài lòng."),
            ("Đáng tiền", "Dùng được một tuần, mọi thứ đều ổn. Shop tư vấn nhiệt tình."),
            ("Sẽ ủng hộ tiếp", "Chất lượng đúng như mô tả, giá tốt hơn ngoài cửa hàng."),
            ("Rất ưng ý", "Sản phẩm đẹp, hoạt động mượt. Giao hàng COD tiện lợi.")],
        4: [("Hài lòng", "Sản phẩm tốt, chỉ có hộp hơi móp một chút khi giao."),
            ("Ổn trong tầm giá", "Dùng ổn, pin/hiệu năng đúng như quảng cáo. Giao hàng hơi chậm một ngày."),
            ("Khá tốt", "Chất lượng tốt, shop phản hồi nhanh. Trừ một sao vì hướng dẫn sử dụng hơi sơ sài.")],
        3: [("Tạm được", "Sản phẩm dùng được nhưng chưa thật sự nổi bật so với giá."),
            ("Bình thường", "Đúng mô tả, không có gì đặc biệt.")],
        2: [("Chưa hài lòng", "Giao hàng chậm, phải liên hệ shop nhiều lần mới được hỗ trợ.")],
        1: [("Không như mong đợi", "Sản phẩm lỗi nhẹ, đang chờ shop đổi trả.")],
    },
    "en": {
        5: [("Excellent", "Genuine product, carefully packed and delivered faster than expected."),
            ("Worth every đồng", "Been using it for a week and everything works great. Helpful seller."),
            ("Highly recommended", "Exactly as described and cheaper than in the shops.")],
        4: [("Very good", "Good product; the box was slightly dented on arrival."),
            ("Happy with it", "Works well, delivery took a day longer than estimated.")],
        3: [("It's okay", "Does the job, nothing special for the price.")],
        2: [("Could be better", "Slow delivery and it took a while to get an answer from the shop.")],
        1: [("Disappointed", "Arrived with a small defect; waiting for the exchange.")],
    },
}
SELLER_REPLIES = [
    "Cảm ơn bạn đã tin tưởng ủng hộ shop! Hẹn gặp lại bạn ở đơn hàng sau.",
    "Shop cảm ơn bạn đã đánh giá. Nếu cần hỗ trợ bảo hành, bạn cứ nhắn cho shop nhé.",
    "Thank you for your review! We are glad you like it.",
    "Shop xin lỗi vì trải nghiệm chưa tốt. Bộ phận chăm sóc khách hàng sẽ liên hệ bạn ngay.",
]

SEARCHES = ["iphone", "laptop", "ssd 1tb", "tai nghe chống ồn", "bàn phím cơ", "sách python", "rtx 4060",
            "màn hình 27 inch", "samsung galaxy", "macbook"]
