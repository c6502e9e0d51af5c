"""Analytics use cases: events.py (recording and batching events, recently viewed), recommendations.py
(trending, bought together, personal), staff.py (back-office actions, recorded in the admin log)."""
from apps.analytics.services.events import (  # noqa: F401
    event_record,
    events_buffered,
    events_flush,
    events_record,
    events_write,
    recently_viewed_ids,
    recently_viewed_merge_at_login,
    record_product_view,
    visitor_of,
)
from apps.analytics.services.recommendations import (  # noqa: F401
    also_bought_compute,
    also_bought_products,
    recommendations_compute_for,
    recommendations_refresh,
    recommended_products,
    trending_compute,
    trending_products,
)
from apps.analytics.services.staff import (  # noqa: F401
    staff_category_create,
    staff_category_delete,
    staff_category_update,
    staff_product_set_status,
    staff_shop_set_status,
    staff_user_suspend,
    staff_user_unsuspend,
)
