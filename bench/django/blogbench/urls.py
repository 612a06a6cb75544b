from django.urls import path

from . import views

# The paths Manifold serves the same pages at, so the bench requests one list of URLs from both.
urlpatterns = [
    path("", views.home, name="home"),
    path("posts/<str:slug>", views.post, name="post"),
]
