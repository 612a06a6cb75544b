from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .models import Category, Post


def visible():
    return Post.objects.filter(published_at__lte=timezone.now())


def home(request):
    posts = visible().select_related("category").order_by("-published_at", "-id")[:10]
    return render(request, "blogbench/home.html", {"posts": posts, "categories": Category.objects.order_by("name")})


def post(request, slug):
    try:
        item = visible().select_related("category").get(slug=slug)
    except Post.DoesNotExist:
        raise Http404("No such post")
    # Neighbours by date, as Manifold's post page links them.
    previous = visible().filter(published_at__lt=item.published_at).order_by("-published_at").only("slug", "title").first()
    following = visible().filter(published_at__gt=item.published_at).order_by("published_at").only("slug", "title").first()
    return render(
        request,
        "blogbench/post.html",
        {"post": item, "tags": item.tags.all(), "previous": previous, "next": following, "categories": Category.objects.order_by("name")},
    )
