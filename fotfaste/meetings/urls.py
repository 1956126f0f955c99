from django.urls import path

from . import agreement_settings, views

app_name = "meetings"
urlpatterns = [
    path("administration/samverkan/", agreement_settings.agreement_settings, name="agreement_settings"),
    path("moten/", views.meeting_list, name="list"),
    path("moten/ny/", views.meeting_create, name="create"),
    path("moten/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("moten/<int:meeting_id>/dagordning/", views.generate, name="generate"),
    path("moten/<int:meeting_id>/punkt/<int:item_id>/beslut/", views.decide, name="decide"),
    path("moten/<int:meeting_id>/punkt/<int:item_id>/atgard/", views.add_action, name="add_action"),
    path("moten/<int:meeting_id>/bjud-in/", views.invite, name="invite"),
    path("moten/<int:meeting_id>/narvaro/", views.attendance, name="attendance"),
    path("moten/<int:meeting_id>/utskick/<str:channel>.csv", views.send_list, name="send_list"),
    path("moten/<int:meeting_id>/boka/<int:invitation_id>/", views.book, name="book"),
    path("moten/atgard/<int:action_id>/klar/", views.action_done, name="action_done"),
    path("personer/<int:pk>/trepartssamtal/ny/", views.three_party_talk, name="three_party"),
]
