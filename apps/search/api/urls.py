"""API routes of search, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""
from django.urls import path

from apps.search.api import views

urlpatterns = [
    path("search", views.SearchApi.as_view(), name="search"),
    path("search/autocomplete", views.AutocompleteApi.as_view(), name="search-autocomplete"),
    path("search/popular", views.PopularSearchesApi.as_view(), name="search-popular"),
    path("search/history", views.SearchHistoryApi.as_view(), name="search-history"),
    path("search/clicks", views.SearchClickApi.as_view(), name="search-clicks"),
]
