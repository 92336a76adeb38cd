#!/usr/bin/python3
"""Real GStreamer servers on 127.0.0.1 for camtop's tests.

  gst-server.py tcp PORT                      multipart JPEG over raw TCP (multipartmux ! tcpserversink)
  gst-server.py rtsp FILE.mp4 [USER PASSWORD] an RTSP server (gst-rtsp-server) serving FILE's H.264 at /cam

Prints "ready PORT" on stdout once listening, then runs until killed.
Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-good and -bad.
"""
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
mode = sys.argv[1]
loop = GLib.MainLoop()

if mode == 'tcp':
    port = int(sys.argv[2])
    pipeline = Gst.parse_launch(
        'videotestsrc is-live=true pattern=ball ! video/x-raw,width=160,height=120,framerate=10/1 '
        f'! jpegenc ! multipartmux boundary=camtopgst ! tcpserversink host=127.0.0.1 port={port} sync=false')
    pipeline.set_state(Gst.State.PLAYING)
    pipeline.get_state(Gst.CLOCK_TIME_NONE)
    print(f'ready {port}', flush=True)
elif mode == 'rtsp':
    path = sys.argv[2]
    server = GstRtspServer.RTSPServer()
    server.set_address('127.0.0.1')
    server.set_service('0')
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(f'( filesrc location="{path}" ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )')
    if len(sys.argv) > 4:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, 'viewer')
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(sys.argv[3], sys.argv[4]), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role('viewer', GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role('viewer', GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory('/cam', factory)
    server.attach(None)
    print(f'ready {server.get_bound_port()}', flush=True)
else:
    sys.exit(f'unknown mode {mode}')

loop.run()
