{{- define "gateway.ingressObject" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $host := index . 2 -}}{{- $port := index . 3 -}}{{- $annotations := index . 4 -}}
{{- $ing := $root.Values.ingress -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ $name }}
  labels:
    {{- include "union.labels" $root | nindent 4 }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $ing.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if $ing.tls.enabled }}
  tls:
    - hosts: [{{ $host | quote }}]
      secretName: {{ required "gateway.ingress.tls.secretName is required when TLS is on" $ing.tls.secretName }}
  {{- end }}
  rules:
    - host: {{ $host | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ include "union.fullname" $root }}
                port:
                  name: {{ $port }}
{{- end -}}

{{- define "gateway.ingress" -}}
{{- $ing := .Values.ingress -}}
{{- if $ing.enabled }}
---
{{ include "gateway.ingressObject" (list . (include "union.fullname" .) (required "gateway.ingress.host is required" $ing.host) "http" $ing.annotations) }}
{{- if $ing.grpc.enabled }}
---
{{ include "gateway.ingressObject" (list . (printf "%s-grpc" (include "union.fullname" .)) (required "gateway.ingress.grpc.host is required" $ing.grpc.host) "grpc" $ing.grpc.annotations) }}
{{- end }}
{{- end }}
{{- end -}}
