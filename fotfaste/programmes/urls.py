from django.urls import path

from . import views, views_board, views_contracts

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:agreement>/katalog/", views.add_from_catalogue, name="add"),
    path("<int:agreement>/<slug:code>/", views.detail, name="detail"),
    path("<int:agreement>/<slug:code>/andra/", views.edit, name="edit"),
    # Taking part: the participation page, its start and end, the three-party contract and its follow-ups.
    path("deltagande/<int:pk>/", views_contracts.detail, name="participation"),
    path("deltagande/<int:pk>/starta/", views_contracts.start, name="participation_start"),
    path("deltagande/<int:pk>/avsluta/", views_contracts.end, name="participation_end"),
    path("deltagande/<int:pk>/avtal/", views_contracts.contract, name="contract"),
    path("deltagande/<int:pk>/avtal/uppfoljning/", views_contracts.follow_up, name="contract_follow_up"),
    path("deltagande/<int:pk>/avtal.pdf", views_contracts.contract_pdf, name="contract_pdf"),
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
