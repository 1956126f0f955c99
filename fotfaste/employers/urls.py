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

# Placements, matching and a candidate's course (views_placements.py, views_course.py).
from . import views_course, views_placements  # noqa: E402

urlpatterns += [
    path("praktik/", views_placements.placement_list, name="placements"),
    path("praktik/ny/", views_placements.placement_new, name="placement_new"),
    path("praktik/<int:pk>/", views_placements.placement_detail, name="placement"),
    path("praktik/<int:pk>/andra/", views_placements.placement_edit, name="placement_edit"),
    path("praktik/<int:pk>/stang/", views_placements.placement_close, name="placement_close"),
    path("praktik/<int:pk>/foresla/", views_placements.placement_propose, name="placement_propose"),
    path("praktik/kandidat/<int:pk>/", views_course.candidate_detail, name="candidate"),
    path("praktik/kandidat/<int:pk>/<slug:action>/", views_course.candidate_action, name="candidate_action"),
]

from . import views_ssyk  # noqa: E402

urlpatterns += [path("yrken/", views_ssyk.occupations, name="occupations")]

from . import views_figures  # noqa: E402

urlpatterns += [
    path("resultat/", views_figures.results, name="results"),
    path("resultat/xlsx/", views_figures.results_xlsx, name="results_xlsx"),
]

from . import views_summary  # noqa: E402

urlpatterns += [
    path("<int:pk>/sammanstallning/", views_summary.employer_summary, name="summary"),
    path("<int:pk>/sammanstallning/pdf/", views_summary.employer_summary_pdf, name="summary_pdf"),
]
