"""API routes of shops, mounted at /api/v1/ (paths as in ../shared/API.md, no trailing slash)."""

urlpatterns: list = []
