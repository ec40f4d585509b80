{{/* The chart's name, or nameOverride. */}}
{{- define "signoff.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<name>, or just the release name when it already contains the name; 63 characters at most. */}}
{{- define "signoff.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "signoff.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "signoff.selectorLabels" -}}
app.kubernetes.io/name: {{ include "signoff.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "signoff.labels" -}}
helm.sh/chart: {{ include "signoff.chart" . }}
{{ include "signoff.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "signoff.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "signoff.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository@digest when a digest is given, else repository:tag (default: appVersion). */}}
{{- define "signoff.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* "true" when Signoff stores in PostgreSQL, "" when in the embedded H2. */}}
{{- define "signoff.postgres" -}}
{{- if .Values.database.url }}true{{ end }}
{{- end }}

{{/* replicaCount, or 2 with PostgreSQL and 1 with H2; H2 cannot be shared by several pods. */}}
{{- define "signoff.replicas" -}}
{{- $postgres := include "signoff.postgres" . }}
{{- $replicas := ternary 2 1 (eq $postgres "true") }}
{{- if not (kindIs "invalid" .Values.replicaCount) }}
{{- $replicas = int .Values.replicaCount }}
{{- end }}
{{- if and (gt $replicas 1) (ne $postgres "true") }}
{{- fail (printf "replicaCount: %d replicas need PostgreSQL (database.url): the embedded H2 database lives in one pod" $replicas) }}
{{- end }}
{{- $replicas }}
{{- end }}

{{/* The pipelines ConfigMap: the chart's own, or existingConfigMap. */}}
{{- define "signoff.pipelinesConfigMap" -}}
{{- if .Values.existingConfigMap }}
{{- .Values.existingConfigMap }}
{{- else }}
{{- printf "%s-pipelines" (include "signoff.fullname" .) }}
{{- end }}
{{- end }}

{{/* The CI and registry sources Signoff takes hooks from, in the order of docs/ci-notifications.md. */}}
{{- define "signoff.hookSources" -}}
github gitlab jenkins generic distribution harbor quay dockerhub
{{- end }}

{{/* The rules for the workloads Signoff deploys, the same in a Role and in the ClusterRole, and
     the same as docs/kubernetes.md lists: only what the code calls. */}}
{{- define "signoff.workloadRules" -}}
# read, watch and set the image of the workload (a JSON patch; replicas too, never the scale subresource)
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets"]
  verbs: ["get", "list", "watch", "patch"]
# canary and blue-green copies; removing a canary
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["create", "delete"]
# sunset of a DaemonSet
- apiGroups: ["apps"]
  resources: ["daemonsets"]
  verbs: ["delete"]
# the rollout watch: pods in crash loops or with pull errors
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
# blue-green switch (get, patch); sunset (list, delete)
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "patch", "delete"]
# sunset
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["list", "delete"]
# sunset: stop monitoring (the Prometheus Operator's objects of the app; nothing when the API is not served)
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors", "podmonitors"]
  verbs: ["list", "delete"]
{{- end }}

{{/*
What a GitOps stage needs where its controller's objects live: read the Argo CD Application or
Flux Kustomization (and Flux's GitRepository), and annotate them to ask for a refresh.
*/}}
{{- define "signoff.gitopsRules" -}}
- apiGroups: ["argoproj.io"]
  resources: ["applications"]
  verbs: ["get", "patch"]
- apiGroups: ["kustomize.toolkit.fluxcd.io"]
  resources: ["kustomizations"]
  verbs: ["get", "patch"]
- apiGroups: ["source.toolkit.fluxcd.io"]
  resources: ["gitrepositories"]
  verbs: ["get", "patch"]
{{- end }}

{{/*
The namespaces that get the GitOps Role, as a JSON list: rbac.gitopsNamespaces when it is set;
otherwise every namespace of an argocd: or flux: that a stage of the chart's own pipelines waits
for in the cluster Signoff runs in (a cluster without a context).
*/}}
{{- define "signoff.gitopsNamespaces" -}}
{{- $namespaces := list }}
{{- if .Values.rbac.gitopsNamespaces }}
{{- $namespaces = .Values.rbac.gitopsNamespaces }}
{{- else if and .Values.pipelines (not .Values.existingConfigMap) }}
{{- $pipelines := fromYaml .Values.pipelines }}
{{- $clusters := $pipelines.clusters | default dict }}
{{- $apps := $pipelines.apps | default dict }}
{{- range $name := keys $apps | sortAlpha }}
{{- range $stage := (get $apps $name).stages | default list }}
{{- $deploy := $stage.deploy | default dict }}
{{- range $controller := list $deploy.argocd $deploy.flux }}
{{- if and $controller $controller.namespace $controller.cluster (hasKey $clusters $controller.cluster) }}
{{- $cluster := get $clusters $controller.cluster | default dict }}
{{- if not $cluster.context }}
{{- $namespaces = append $namespaces $controller.namespace }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- $namespaces | uniq | sortAlpha | toJson }}
{{- end }}

{{/*
The namespaces that get a Role, as a JSON list: rbac.namespaces when it is set; otherwise every
namespace that a stage of the chart's own pipelines deploys to in the cluster Signoff runs in (a
cluster without a context). Nothing with existingConfigMap: the chart cannot read that file.
*/}}
{{- define "signoff.rbacNamespaces" -}}
{{- $namespaces := list }}
{{- if .Values.rbac.namespaces }}
{{- $namespaces = .Values.rbac.namespaces }}
{{- else if and .Values.pipelines (not .Values.existingConfigMap) }}
{{- $pipelines := fromYaml .Values.pipelines }}
{{- if hasKey $pipelines "Error" }}
{{- fail (printf "pipelines is not valid YAML: %s" (get $pipelines "Error")) }}
{{- end }}
{{- $clusters := $pipelines.clusters | default dict }}
{{- $apps := $pipelines.apps | default dict }}
{{- range $name := keys $apps | sortAlpha }}
{{- range $stage := (get $apps $name).stages | default list }}
{{- $deploy := $stage.deploy | default dict }}
{{- if and $deploy.namespace $deploy.cluster (hasKey $clusters $deploy.cluster) }}
{{- $cluster := get $clusters $deploy.cluster | default dict }}
{{- if not $cluster.context }}
{{- $namespaces = append $namespaces $deploy.namespace }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- $namespaces | uniq | sortAlpha | toJson }}
{{- end }}
