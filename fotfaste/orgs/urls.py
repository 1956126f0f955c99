from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("overenskommelser/ny/", views.agreement_create, name="agreement_create"),
    path("overenskommelser/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("overenskommelser/<int:pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("overenskommelser/<int:agreement_pk>/parter/ny/", views.party_create, name="party_create"),
    path("parter/<int:pk>/andra/", views.party_edit, name="party_edit"),
    path("parter/<int:party_pk>/enheter/ny/", views.unit_create, name="unit_create"),
    path("enheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("anvandare/", views.user_list, name="user_list"),
    path("anvandare/ny/", views.user_create, name="user_create"),
    path("anvandare/<int:pk>/", views.user_detail, name="user_detail"),
    path("anvandare/<int:pk>/andra/", views.user_edit, name="user_edit"),
    path("anvandare/<int:pk>/roller/ny/", views.membership_add, name="membership_add"),
    path("anvandare/<int:pk>/roller/<int:membership_pk>/avsluta/", views.membership_end, name="membership_end"),
    path("anvandare/<int:pk>/inaktivera/", views.user_deactivate, name="user_deactivate"),
    path("anvandare/<int:pk>/aktivera/", views.user_reactivate, name="user_reactivate"),
    path("tvafaktorkrav/", views.role_settings, name="role_settings"),
]
