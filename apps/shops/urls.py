app_name = "shops"

urlpatterns: list = []
