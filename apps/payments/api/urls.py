"""API routes of payments, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""

urlpatterns: list = []
