from django.urls import path

from . import views_contacts, views_register

app_name = "employers"
urlpatterns = [
    path("", views_register.index, name="index"),
    # The register, its contact people and agreements, the contact log and the warning's settings.
    path("ny/", views_register.new, name="new"),
    path("<int:pk>/", views_register.employer, name="employer"),
    path("<int:pk>/andra/", views_register.edit, name="edit"),
    path("<int:pk>/kontaktpersoner/ny/", views_register.contact_person, name="contact_person_new"),
    path("<int:pk>/kontaktpersoner/<int:contact_person>/", views_register.contact_person, name="contact_person"),
    path("<int:pk>/avtal/nytt/", views_register.collaboration_new, name="collaboration_new"),
    path("<int:pk>/avtal/<int:collaboration>/avsluta/", views_register.collaboration_end, name="collaboration_end"),
    path("<int:pk>/kontakt/ny/", views_contacts.contact_new, name="contact_new"),
    path("installningar/<int:agreement>/", views_register.settings_page, name="settings"),
]
