"""A realistic context for every notification kind and e-mail template (as the calling apps send them)."""
SAMPLE_CONTEXTS = {
    "account.welcome": {},
    "account.verify_email": {"url": "/accounts/confirm-email/abc/"},
    "account.password_reset": {"url": "/accounts/password/reset/key/1-abc/"},
    "order.placed": {"order_number": "CHO-20261121-7K3QX", "total": "1250000", "currency": "VND"},
    "order.new_for_seller": {"order_number": "CHO-20261121-7K3QX", "total": "1250000", "currency": "VND"},
    "order.status_changed": {"order_number": "CHO-20261121-7K3QX", "status": "packed", "status_label": "Đã đóng gói"},
    "order.shipped": {"order_number": "CHO-20261121-7K3QX", "tracking_number": "GHN12345", "carrier": "GHN"},
    "order.cancelled": {"order_number": "CHO-20261121-7K3QX", "reason": "Hết hàng"},
    "payment.completed": {"order_number": "CHO-20261121-7K3QX", "amount": "1250000", "currency": "VND"},
    "payment.failed": {"order_number": "CHO-20261121-7K3QX", "amount": "1250000", "currency": "VND"},
    "payment.refunded": {"order_number": "CHO-20261121-7K3QX", "amount": "250000", "currency": "VND"},
    "review.request": {"order_number": "CHO-20261121-7K3QX", "products": ["iPhone 15", "Ốp lưng"]},
    "wishlist.back_in_stock": {"product_title": "Laptop Dell XPS 13"},
    "wishlist.price_drop": {"product_title": "Laptop Dell XPS 13", "old_price": "32000000",
                            "new_price": "29990000", "currency": "VND"},
    "stock.low": {"product_title": "Chuột Logitech", "sku": "LOGI-M1", "stock": 3},
    "shop.approved": {"shop_name": "Sách Hay"},
    "shop.suspended": {"shop_name": "Sách Hay", "reason": "Hàng giả"},
    "cart.reminder": {"item_count": 2},
    "promotion.newsletter": {"subject": "Ưu đãi cuối tuần"},
    "system.message": {"title": "Bảo trì hệ thống", "message": "Chợ bảo trì lúc 2 giờ sáng."},
}

# One value of each context that the reader must find in the e-mail (as displayed).
MUST_SHOW = {
    "order.placed": "CHO-20261121-7K3QX", "order.new_for_seller": "CHO-20261121-7K3QX",
    "order.status_changed": "CHO-20261121-7K3QX", "order.shipped": "GHN12345", "order.cancelled": "Hết hàng",
    "payment.completed": "CHO-20261121-7K3QX", "payment.failed": "CHO-20261121-7K3QX",
    "payment.refunded": "CHO-20261121-7K3QX", "review.request": "Ốp lưng", "wishlist.back_in_stock": "Dell XPS 13",
    "wishlist.price_drop": "Dell XPS 13", "stock.low": "LOGI-M1", "shop.approved": "Sách Hay",
    "shop.suspended": "Hàng giả", "cart.reminder": "2", "promotion.newsletter": "Ưu đãi cuối tuần",
    "system.message": "Chợ bảo trì lúc 2 giờ sáng.",
}
