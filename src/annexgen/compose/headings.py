"""How a cluster and a topic are headed, wherever they appear: both annexes and the change
report."""

from __future__ import annotations

from annexgen.core.model import Cluster, Topic


def cluster_heading(cluster: Cluster) -> str:
    return cluster.heading or f"{cluster.letter}. {cluster.title}"


def topic_heading(cluster: Cluster, topic: Topic) -> str:
    return f"{topic.number}. {topic.title}" if cluster.numbered else topic.title
