from django.shortcuts import render


def agreement_list(request):  # replaced by the administration views
    return render(request, "core/404.html", status=404)
