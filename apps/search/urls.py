from django.urls import path

from apps.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="results"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("search/history/", views.history_page, name="history"),
    path("search/history/clear/", views.history_clear, name="history-clear"),
]
