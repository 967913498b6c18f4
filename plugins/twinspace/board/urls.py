"""URLs of this area (see plugins/twinspace/urls.py for where they are mounted)."""

urlpatterns: list = []
