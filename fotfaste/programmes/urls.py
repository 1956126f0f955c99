from django.urls import path

from . import views, views_board

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:agreement>/katalog/", views.add_from_catalogue, name="add"),
    path("<int:agreement>/<slug:code>/", views.detail, name="detail"),
    path("<int:agreement>/<slug:code>/andra/", views.edit, name="edit"),
    # The routine's board, places and selection (views_board.py).
    path("<int:agreement>/<slug:code>/tavla/", views_board.board_page, name="board"),
    path("<int:agreement>/<slug:code>/tavla/lagg-till/", views_board.add, name="board_add"),
    path("<int:agreement>/<slug:code>/tavla/<int:pk>/flytta/", views_board.move, name="board_move"),
    path("<int:agreement>/<slug:code>/tavla/<int:pk>/avsluta/", views_board.end, name="board_end"),
    path("<int:agreement>/<slug:code>/platser/ny/", views_board.period_new, name="period_new"),
    path("<int:agreement>/<slug:code>/platser/<int:period>/", views_board.period_page, name="period"),
    path("<int:agreement>/<slug:code>/platser/<int:period>/flytta-upp/", views_board.promote, name="period_promote"),
    path(
        "<int:agreement>/<slug:code>/platser/<int:period>/insats/<int:pk>/",
        views_board.other_measure,
        name="period_measure",
    ),
]
