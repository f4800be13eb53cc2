package io.mezzo.api.v1;

/**
 * The JSON bodies of MESOS-API.md §2.8, verbatim (HTTP header lines left out). The design doc says
 * each was machine-checked against the official protos; {@code MesosJsonTest} checks that again and
 * that our records carry every one of them through a read/write round trip.
 */
final class MesosJsonExamples {
  private MesosJsonExamples() {}

  static final String SUBSCRIBE =
      """
      {
        "type": "SUBSCRIBE",
        "subscribe": {
          "framework_info": {
            "user": "root",
            "name": "demo-framework",
            "roles": ["*"],
            "failover_timeout": 604800.0,
            "checkpoint": true,
            "principal": "demo",
            "capabilities": [
              {"type": "MULTI_ROLE"},
              {"type": "PARTITION_AWARE"},
              {"type": "TASK_KILLING_STATE"}
            ]
          }
        }
      }
      """;

  static final String SUBSCRIBED =
      """
      {
        "type": "SUBSCRIBED",
        "subscribed": {
          "framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"},
          "heartbeat_interval_seconds": 15.0,
          "master_info": {
            "id": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f",
            "ip": 16777343,
            "port": 5050,
            "pid": "master@127.0.0.1:5050",
            "hostname": "localhost",
            "version": "1.11.0",
            "address": {"hostname": "localhost", "ip": "127.0.0.1", "port": 5050},
            "capabilities": [{"type": "AGENT_UPDATE"}, {"type": "AGENT_DRAINING"}]
          }
        }
      }
      """;

  static final String OFFERS =
      """
      {
        "type": "OFFERS",
        "offers": {
          "offers": [
            {
              "id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-O12"},
              "framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"},
              "agent_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-S0"},
              "hostname": "agent1.example.com",
              "url": {
                "scheme": "http",
                "address": {"hostname": "agent1.example.com", "ip": "10.0.0.11", "port": 5051},
                "path": "/slave(1)"
              },
              "allocation_info": {"role": "*"},
              "resources": [
                {"name": "cpus", "type": "SCALAR", "scalar": {"value": 4.0},
                 "role": "*", "allocation_info": {"role": "*"}},
                {"name": "mem", "type": "SCALAR", "scalar": {"value": 7168.0},
                 "role": "*", "allocation_info": {"role": "*"}},
                {"name": "disk", "type": "SCALAR", "scalar": {"value": 40000.0},
                 "role": "*", "allocation_info": {"role": "*"}},
                {"name": "ports", "type": "RANGES",
                 "ranges": {"range": [{"begin": 31000, "end": 32000}]},
                 "role": "*", "allocation_info": {"role": "*"}}
              ],
              "attributes": [
                {"name": "rack", "type": "TEXT", "text": {"value": "a"}},
                {"name": "dc", "type": "TEXT", "text": {"value": "east"}},
                {"name": "level", "type": "SCALAR", "scalar": {"value": 10.0}}
              ]
            }
          ]
        }
      }
      """;

  static final String ACCEPT_LAUNCH =
      """
      {
        "framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"},
        "type": "ACCEPT",
        "accept": {
          "offer_ids": [{"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-O12"}],
          "operations": [
            {
              "type": "LAUNCH",
              "launch": {
                "task_infos": [
                  {
                    "name": "sleeper",
                    "task_id": {"value": "sleeper-1"},
                    "agent_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-S0"},
                    "resources": [
                      {"name": "cpus", "type": "SCALAR", "scalar": {"value": 0.5},
                       "role": "*", "allocation_info": {"role": "*"}},
                      {"name": "mem", "type": "SCALAR", "scalar": {"value": 128.0},
                       "role": "*", "allocation_info": {"role": "*"}}
                    ],
                    "command": {"shell": true, "value": "echo hello && sleep 30"}
                  }
                ]
              }
            }
          ],
          "filters": {"refuse_seconds": 5.0}
        }
      }
      """;

  static final String DECLINE =
      """
      {
        "framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"},
        "type": "DECLINE",
        "decline": {
          "offer_ids": [{"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-O13"}],
          "filters": {"refuse_seconds": 120.0}
        }
      }
      """;

  static final String UPDATE =
      """
      {
        "type": "UPDATE",
        "update": {
          "status": {
            "task_id": {"value": "sleeper-1"},
            "state": "TASK_RUNNING",
            "source": "SOURCE_EXECUTOR",
            "agent_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-S0"},
            "executor_id": {"value": "sleeper-1"},
            "timestamp": 1767225600.123,
            "uuid": "Xw46DJsdSm6MLz1OX2Bxgg==",
            "container_status": {
              "container_id": {"value": "0c6d8d31-5a3f-4d0e-9a8e-2f1b9c6c1a77"},
              "network_infos": [{"ip_addresses": [{"protocol": "IPv4", "ip_address": "10.0.0.11"}]}]
            }
          }
        }
      }
      """;

  static final String ACKNOWLEDGE =
      """
      {
        "framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"},
        "type": "ACKNOWLEDGE",
        "acknowledge": {
          "agent_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-S0"},
          "task_id": {"value": "sleeper-1"},
          "uuid": "Xw46DJsdSm6MLz1OX2Bxgg=="
        }
      }
      """;

  static final String RECONCILE =
      """
      {
        "framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"},
        "type": "RECONCILE",
        "reconcile": {
          "tasks": [
            {"task_id": {"value": "sleeper-1"},
             "agent_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-S0"}}
          ]
        }
      }
      """;

  static final String KILL =
      """
      {
        "framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"},
        "type": "KILL",
        "kill": {
          "task_id": {"value": "sleeper-1"},
          "agent_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-S0"},
          "kill_policy": {"grace_period": {"nanoseconds": 10000000000}}
        }
      }
      """;

  static final String TEARDOWN =
      """
      {"framework_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000"}, "type": "TEARDOWN"}
      """;

  static final String SUPPRESS =
      """
      {"framework_id": {"value": "…-0000"}, "type": "SUPPRESS", "suppress": {"roles": ["*"]}}
      """;

  static final String REVIVE =
      """
      {"framework_id": {"value": "…-0000"}, "type": "REVIVE",   "revive":   {"roles": ["*"]}}
      """;

  static final String HEARTBEAT =
      """
      {"type": "HEARTBEAT"}
      """;

  static final String ERROR =
      """
      {"type": "ERROR", "error": {"message": "Framework failed over"}}
      """;

  static final String RESCIND =
      """
      {"type": "RESCIND", "rescind": {"offer_id": {"value": "7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-O12"}}}
      """;

  static final String FAILURE =
      """
      {"type": "FAILURE", "failure": {"agent_id": {"value": "…-S0"}, "executor_id": {"value": "my-exec"}, "status": 1}}
      """;

  static final String MESSAGE =
      """
      {"type": "MESSAGE", "message": {"agent_id": {"value": "…-S0"}, "executor_id": {"value": "my-exec"}, "data": "aGVsbG8="}}
      """;
}
