# Removes what api-workers set up, after hangar's agent deregistered the service.
file '/etc/hangar/api-workers.env' do
  action :delete
end

directory '/srv/api' do
  recursive true
  action :delete
end
