package io.mezzo.api.v1;

import java.util.List;

/** Describes an agent ({@code mesos.v1.AgentInfo}); port defaults to 5051 as in Mesos. */
public record AgentInfo(
    String hostname,
    Integer port,
    List<Resource> resources,
    List<Attribute> attributes,
    AgentId id) {

  public AgentInfo {
    port = port == null ? 5051 : port;
    resources = resources == null ? List.of() : resources;
    attributes = attributes == null ? List.of() : attributes;
  }

  public AgentInfo withId(AgentId newId) {
    return new AgentInfo(hostname, port, resources, attributes, newId);
  }
}
