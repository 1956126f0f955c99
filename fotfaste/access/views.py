from django.shortcuts import render


def readlog(request):  # replaced by the log review views
    return render(request, "core/404.html", status=404)
